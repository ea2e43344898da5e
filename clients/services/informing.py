"""Informing clients of the privacy notice (informointi), issue 20.

Seed 003: "Tietojen rekisteröinnistä kerrotaan myös suullisesti asiakaspalvelutilanteessa
asiakkaan ensikäynnin yhteydessä." The worker serving the client records that at the first visit;
after a material change the register contact produces letters, which records each client as
informed by letter. Every record names who made it and is in the change history.

Letters go to the client only, in the client's language: a protected address (turvakielto) is
printed on the client's own letter and nowhere else, and a client who wants no letters to the
home address gets none in the print batch (informed another way, recorded on the file)."""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import acting_as
from core.pdf import FONT, pdf_render

from ..constants import AccessKind
from ..models import Client, InformingMethod, NoticeInforming, PrivacyNotice
from ..selectors.informing import informing_batch_allowed, notice_in_language
from ..selectors.register import clients_visible_to
from .register import access_record

# Letters to clients: no "Confidential" footer and no page count running through a batch (each
# letter is its own, each starting on a new page), the font named in @page too.
LETTER_CSS = (f"@page {{ font-family: {FONT}; @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}"
              " section.letter + section.letter { break-before: page; }")


def _notice_covers(notice: PrivacyNotice, client: Client) -> bool:
    register = client.register
    return notice.controller_id == register.controller_id and notice.register_id in (None, register.pk)


@transaction.atomic
def client_informed(*, actor: User, client: Client, notice: PrivacyNotice, how: str,
                    on: datetime.date) -> NoticeInforming:
    """Record that `client` was informed of `notice` (this version) on `on`, `how`. Only someone
    who may see the client records it, and only of a notice that covers the client's register."""
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise PermissionDenied(_("You may not record this for the client."))
    if not _notice_covers(notice, client):
        raise ValidationError(_("This privacy notice does not cover the client's register."))
    if how not in InformingMethod.values:
        raise ValidationError(_("Choose how the client was informed."))
    if on > timezone.localdate() or on < timezone.localdate(notice.published_at):
        raise ValidationError(_("The date must be between the notice's publication and today."))
    with acting_as(actor):
        return NoticeInforming.objects.create(client=client, notice=notice, method=how, informed_on=on,
                                              recorded_by=actor, recorded_at=timezone.now())


def notice_public_url(notice: PrivacyNotice) -> str:
    """Where the client reads the notice (the public page, CONTRACT.md)."""
    if notice.register_id:
        path = reverse("notices:register", args=[notice.controller.slug, notice.register.slug])  # type: ignore[union-attr]
    else:
        path = reverse("notices:controller", args=[notice.controller.slug])
    return f"{settings.SITE_URL}{path}"


def _letter_html(notice: PrivacyNotice, client: Client, today: datetime.date) -> tuple[str, str]:
    language = client.preferred_language or "fi"
    version = notice_in_language(notice, language)
    with translation.override(language):
        html = render_to_string("clients/notices/informing_letter.html", {
            "client": client, "notice": version, "controller": notice.controller, "today": today,
            "notice_url": f"{notice_public_url(notice)}?lang={version.language}",
        })
    return language, html


@transaction.atomic
def informing_letters_produce(*, actor: User, notice: PrivacyNotice, clients: list[Client],
                              today: datetime.date) -> bytes:
    """After a material change: one PDF with a letter to each of `clients` (one page or more
    each, in the client's language), and each client recorded as informed by letter by `actor`.
    Only the notice's register contacts and admins; never a client who wants no letters home."""
    if not informing_batch_allowed(actor, notice):
        raise PermissionDenied(_("Only the register contact or the organisation's admin produces these letters."))
    if not notice.material_change:
        raise ValidationError(_("Clients are informed by letter of a material change only."))
    if not clients:
        raise ValidationError(_("No clients to inform."))
    if any(c.no_letters_home for c in clients):
        raise ValidationError(_("A client who wants no letters to the home address is informed another way."))
    letters = [_letter_html(notice, client, today) for client in clients]
    with translation.override("fi"):
        content = pdf_render(template_name="clients/notices/informing_letters.html",
                             context={"letters": letters}, header=notice.controller.name,
                             header_right=today.strftime("%d.%m.%Y"), extra_css=LETTER_CSS)
    for client in clients:
        client_informed(actor=actor, client=client, notice=notice_in_language(notice, client.preferred_language),
                        how=InformingMethod.LETTER, on=today)
        access_record(user=actor, client=client, kind=AccessKind.EXPORT,
                      detail=f"privacy notice letter v{notice.version}")
    return content
