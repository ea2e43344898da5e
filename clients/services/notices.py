"""Publishing a privacy notice freezes it: the HTML and the PDF of every language are stored as
they were, with the PDF's SHA-256, under a new version number. Editing the register or a
retention rule afterwards changes the next draft, never a published version."""

import datetime
import hashlib

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import acting_as
from core.notices import notice_problems
from core.pdf import pdf_render

from ..constants import Language
from ..models import Controller, PrivacyNotice, Register
from ..selectors.notices import notice_context, notice_missing_fields, published_notices

NOTICE_PDF_CSS = "@page { @bottom-left { content: none; } }"  # public document: no "Confidential"


def notice_render(*, controller: Controller, register: Register | None, language: str,
                  today: datetime.date) -> tuple[str, bytes]:
    """The notice as HTML (the public page's body) and as PDF bytes, in `language`."""
    with translation.override(language):
        context = notice_context(controller=controller, register=register, language=language, today=today)
        html = render_to_string("clients/notices/_body.html", context)
        pdf = pdf_render(template_name="clients/notices/pdf.html", context={**context, "body": html},
                         header=controller.name, header_right=str(_("Privacy notice")), extra_css=NOTICE_PDF_CSS)
    return html, pdf


@transaction.atomic
def notice_publish(*, actor: User, controller: Controller, register: Register | None = None,
                   material_change: bool = False, change_summary: str = "",
                   now: datetime.datetime | None = None) -> list[PrivacyNotice]:
    """Freeze a new version in Finnish, Swedish and English. Refused, naming the missing fields,
    when a register lacks what a notice must say, and naming the contradiction when a register's
    own text promises what no rule does (core.notices)."""
    registers = [register] if register else list(controller.registers.all())
    problems = {r.name: notice_missing_fields(r) for r in registers}
    problems = {name: fields for name, fields in problems.items() if fields}
    if problems:
        raise ValidationError([
            _("%(register)s: missing %(fields)s") % {"register": name, "fields": ", ".join(fields)}
            for name, fields in problems.items()
        ])
    # What the register's own texts promise that the system does not do (retention: a period or
    # an event that no rule of the register has), from the apps that own those facts.
    contradictions = [_("%(register)s: %(problem)s") % {"register": r.name, "problem": problem}
                      for r in registers for problem in notice_problems(r)]
    if contradictions:
        raise ValidationError(contradictions)
    now = now or timezone.now()
    Controller.objects.select_for_update().filter(pk=controller.pk).first()  # one version number at a time
    version = (published_notices(controller=controller, register=register)
               .aggregate(v=Max("version"))["v"] or 0) + 1
    notices = []
    with acting_as(actor):
        for language in Language.values:
            html, pdf = notice_render(controller=controller, register=register, language=language,
                                      today=timezone.localdate(now))
            notices.append(PrivacyNotice.objects.create(
                controller=controller, register=register, language=language, version=version,
                published_at=now, published_by=actor, material_change=material_change,
                change_summary=change_summary, html=html, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
            ))
    return notices
