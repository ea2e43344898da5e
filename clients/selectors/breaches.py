"""Reads for the breach register (GDPR Art 33/34): the breaches of the viewer's organisation, the
72-hour clock, the affected clients the viewer may see, and the notice to each in their language."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import pdf_render

from ..models import Breach, BreachAuthorityDecision, BreachClientLink, BreachNotice, BreachSubjectsDecision, Client
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
    not_to_notify: bool = False

    @property
    def text(self) -> str:
        if self.not_to_notify and self.reported_at is None:
            return _("Not notified: the decision is that the breach is unlikely to result in a risk.")
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
    not_to_notify = breach.authority_decision == BreachAuthorityDecision.NOT_NOTIFY
    return Countdown(deadline=deadline, reported_at=breach.reported_to_authority_at,
                     overdue=overdue and breach.reported_to_authority_at is None and not not_to_notify,
                     hours=minutes // 60, minutes=minutes % 60, not_to_notify=not_to_notify)


class NoticeStatus:
    """Where one affected client's notice (GDPR Art 34) stands."""

    NOTIFIED = "notified"
    TO_NOTIFY = "to_notify"
    OVERDUE = "overdue"
    NOT_REQUIRED = "not_required"
    UNDECIDED = "undecided"


def notice_status(breach: Breach, notices: list[BreachNotice], *, today: datetime.date) -> tuple[str, str]:
    """The status of one client's notice and its words: notified (when, how), to be notified by
    the due date (or overdue), not required by the decision, or not decided yet."""
    if notices:
        first = notices[0]
        return NoticeStatus.NOTIFIED, _("Notified on %(date)s (%(channel)s)") % {
            "date": timezone.localtime(first.sent_at).strftime("%d.%m.%Y"),
            "channel": first.get_channel_display().lower()}
    if not breach.subjects_decision:
        return NoticeStatus.UNDECIDED, _("Not decided yet")
    if not breach.clients_to_be_notified:
        return NoticeStatus.NOT_REQUIRED, _("Not to be notified (see the decision)")
    due = breach.subjects_notice_due
    if due is None:
        return NoticeStatus.TO_NOTIFY, _("To be notified")
    if due < today:
        return NoticeStatus.OVERDUE, _("Overdue: to be notified by %(date)s") % {"date": due.strftime("%d.%m.%Y")}
    return NoticeStatus.TO_NOTIFY, _("To be notified by %(date)s") % {"date": due.strftime("%d.%m.%Y")}


def breach_affected_clients(breach: Breach, user: AnyUser,
                            today: datetime.date | None = None) -> list[dict[str, Any]]:
    """The affected clients the viewer may see, each with the notices already sent and where
    their notice stands."""
    today = today or timezone.localdate()
    clients = list(breach.affected_clients.filter(pk__in=clients_visible_to(user).values("pk"))
                   .select_related("register"))
    notices: dict[int, list[BreachNotice]] = {}
    for notice in breach.notices.filter(client__isnull=False).select_related("recorded_by").order_by("sent_at", "pk"):
        if notice.client_id is not None:  # a purged client's notice stays without the client (issue 18)
            notices.setdefault(notice.client_id, []).append(notice)
    rows = []
    for client in clients:
        sent = notices.get(client.pk, [])
        status, status_text = notice_status(breach, sent, today=today)
        rows.append({"client": client, "notices": sent, "status": status, "status_text": status_text})
    return rows


@dataclass(frozen=True)
class NoticeSummary:
    """The breach's clients and notices counted, purged clients included (their links and notices
    stay without the client's identity)."""

    affected: int
    notified: int
    purged: int

    @property
    def outstanding(self) -> int:
        return self.affected - self.notified


def breach_notice_summary(breach: Breach) -> NoticeSummary:
    links = breach.client_links.all()
    notices = breach.notices.all()
    notified = (notices.filter(client__isnull=False).values("client").distinct().count()
                + notices.filter(client__isnull=True).values("purged_client_ref").distinct().count())
    return NoticeSummary(affected=links.count(), notified=notified,
                         purged=links.filter(client__isnull=True).count())


def breaches_with_notices_due(user: AnyUser) -> QuerySet[Breach]:
    """Breaches decided to be told to the clients (Art 34) with a current affected client not yet
    notified, the earliest due date first."""
    waiting = BreachClientLink.objects.filter(breach=OuterRef("pk"), client__isnull=False).exclude(
        client__in=BreachNotice.objects.filter(breach=OuterRef(OuterRef("pk")), client__isnull=False)
        .values("client"))
    return (breaches_visible_to(user).filter(subjects_decision=BreachSubjectsDecision.NOTIFY)
            .filter(Exists(waiting)).order_by("subjects_notice_due", "pk"))


def breach_clients_waiting(breach: Breach) -> int:
    """How many current affected clients have no notice yet."""
    return (breach.client_links.filter(client__isnull=False)
            .exclude(client__in=breach.notices.filter(client__isnull=False).values("client")).count())


def breach_documentation_pdf(breach: Breach, *, now: datetime.datetime) -> bytes:
    """The breach's own documentation (GDPR Art 33(5)): the facts, effects, remedial action, the
    risk assessment and the decisions with their reasons. No client's identity: the clients are
    counted."""
    context = {"breach": breach, "countdown": breach_countdown(breach, now=now),
               "summary": breach_notice_summary(breach), "now": now}
    return pdf_render(template_name="clients/breaches/documentation.html", context=context,
                      header=breach.controller.name, header_right=timezone.localtime(now).strftime("%d.%m.%Y"))


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
