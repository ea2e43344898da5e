"""Reads for the breach register (GDPR Art 33/34): the breaches of the viewer's organisation, the
72-hour clock, the affected clients the viewer may see, and the notice to each in their language."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import pdf_render

from ..models import Breach, BreachNotice, Client
from .oversight import security_staff_refusal
from .register import clients_visible_to, organisation_id

AnyUser = User | AnonymousUser


def breaches_visible_to(user: AnyUser) -> QuerySet[Breach]:
    if security_staff_refusal(user) is not None:
        return Breach.objects.none()
    return Breach.objects.filter(controller_id=organisation_id(user)).select_related("created_by")


def breach_get(user: AnyUser, pk: Any) -> Breach:
    try:
        return breaches_visible_to(user).get(pk=pk)
    except (Breach.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class Countdown:
    """The 72-hour clock to the supervisory authority (GDPR Art 33(1))."""

    deadline: datetime.datetime
    reported_at: datetime.datetime | None
    overdue: bool
    hours: int
    minutes: int

    @property
    def text(self) -> str:
        if self.reported_at is not None:
            late = self.reported_at > self.deadline
            return _("Reported late, after the 72-hour deadline.") if late else _("Reported in time.")
        values = {"hours": self.hours, "minutes": self.minutes}
        if self.overdue:
            return _("Overdue by %(hours)d h %(minutes)d min") % values
        return _("%(hours)d h %(minutes)d min left") % values


def breach_countdown(breach: Breach, *, now: datetime.datetime) -> Countdown:
    deadline = breach.authority_deadline
    left = deadline - now
    overdue = left.total_seconds() < 0
    minutes = int(abs(left.total_seconds()) // 60)
    return Countdown(deadline=deadline, reported_at=breach.reported_to_authority_at,
                     overdue=overdue and breach.reported_to_authority_at is None,
                     hours=minutes // 60, minutes=minutes % 60)


def breach_affected_clients(breach: Breach, user: AnyUser) -> list[dict[str, Any]]:
    """The affected clients the viewer may see, each with the notices already sent."""
    clients = list(breach.affected_clients.filter(pk__in=clients_visible_to(user).values("pk"))
                   .select_related("register"))
    notices: dict[int, list[BreachNotice]] = {}
    for notice in breach.notices.filter(client__isnull=False).select_related("recorded_by").order_by("sent_at", "pk"):
        if notice.client_id is not None:  # a purged client's notice stays without the client (issue 18)
            notices.setdefault(notice.client_id, []).append(notice)
    return [{"client": client, "notices": notices.get(client.pk, [])} for client in clients]


def breach_affected_client(breach: Breach, user: AnyUser, client_pk: Any) -> Client:
    try:
        return breach.affected_clients.filter(pk__in=clients_visible_to(user).values("pk")).get(pk=client_pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _notice_context(breach: Breach, client: Client) -> dict[str, Any]:
    return {"breach": breach, "client": client, "controller": breach.controller}


def breach_notice_email(breach: Breach, client: Client) -> dict[str, str]:
    """Subject and body of the notice to one client (GDPR Art 34), in the client's language."""
    with translation.override(client.preferred_language):
        context = _notice_context(breach, client)
        return {
            "subject": _("Notice of a personal data breach: %(controller)s")
            % {"controller": breach.controller.name},
            "body": render_to_string("clients/breaches/notice_email.txt", context).strip() + "\n",
            "language": client.preferred_language,
        }


def breach_notice_letter_pdf(breach: Breach, client: Client, *, today: datetime.date) -> bytes:
    """The same notice as a PDF letter in the client's language."""

    with translation.override(client.preferred_language):
        return pdf_render(
            template_name="clients/breaches/notice_letter.html",
            context={**_notice_context(breach, client), "today": today},
            header=breach.controller.name, header_right=today.strftime("%d.%m.%Y"),
        )
