"""Reads for emergency access, the breach register and users' access logs.

Every list here is scoped by the viewer's organisation through `clients_visible_to` or the
worker profile: a register contact never sees another organisation's breaches, users or
emergency accesses."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.roles import Role

from ..identifiers import looks_like_identity_code
from ..models import AccessEntry, Breach, BreachNotice, Client, EmergencyAccess
from .register import client_data_refusal, clients_visible_to, user_roles, worker_profile

AnyUser = User | AnonymousUser

# Roles -----------------------------------------------------------------------------------


def security_staff_refusal(user: AnyUser) -> str | None:
    """Why this user may not use the register contact's security pages (breaches, emergency
    access review, users' access logs), or None when they may."""
    refusal = client_data_refusal(user)
    if refusal is not None:
        return refusal
    if not user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT}:
        return _("Only the register contact and admins may use this page.")
    return None


def _organisation_id(user: AnyUser) -> int:
    profile = worker_profile(user)
    if profile is None:
        raise Http404
    return profile.controller_id


# Emergency access ----------------------------------------------------------------------------


def organisation_clients(user: AnyUser) -> QuerySet[Client]:
    """Every client of the user's organisation, assigned or not: where emergency access may be
    sought. Never another organisation's."""
    if client_data_refusal(user) is not None:
        return Client.objects.none()
    org = _organisation_id(user)
    return Client.objects.filter(Q(register__controller_id=org) | Q(register__operator_id=org))


def clients_matching(clients: QuerySet[Client], lookup: str) -> QuerySet[Client]:
    """A full personal identity code or a client number, nothing fuzzier: emergency access and
    breach records name one client exactly."""
    lookup = (lookup or "").strip()
    if looks_like_identity_code(lookup):
        return clients.filter(identity_code=lookup.upper())
    if lookup.isascii() and lookup.isdigit() and len(lookup) <= 18:
        return clients.filter(pk=int(lookup))
    return clients.none()


def emergency_access_active(
    user: AnyUser, client: Client, *, now: datetime.datetime,
) -> EmergencyAccess | None:
    if not user.is_authenticated:
        return None
    return (EmergencyAccess.objects.filter(user=user.pk, client=client, started_at__lte=now,
                                           expires_at__gt=now).order_by("-expires_at").first())


def emergency_purpose(user: AnyUser, client: Client, *, now: datetime.datetime) -> str:
    """The purpose to write into an access-log entry when `user` looks at `client` under an
    emergency access ("" otherwise)."""
    access = emergency_access_active(user, client, now=now)
    return _("Emergency access: %(reason)s") % {"reason": access.reason} if access else ""


def emergency_accesses_for_review(user: AnyUser) -> QuerySet[EmergencyAccess]:
    """Emergency accesses to the viewer's organisation's clients, unreviewed first."""
    if security_staff_refusal(user) is not None:
        return EmergencyAccess.objects.none()
    return (EmergencyAccess.objects.filter(client__in=organisation_clients(user))
            .select_related("user", "client", "reviewed_by")
            .annotate(reviewed=Case(When(reviewed_at__isnull=True, then=Value(0)), default=Value(1)))
            .order_by("reviewed", "-started_at", "-pk"))


def emergency_access_for_review(user: AnyUser, pk: Any) -> EmergencyAccess:
    try:
        return emergency_accesses_for_review(user).get(pk=pk)
    except (EmergencyAccess.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Breaches --------------------------------------------------------------------------------------


def breaches_visible_to(user: AnyUser) -> QuerySet[Breach]:
    if security_staff_refusal(user) is not None:
        return Breach.objects.none()
    return Breach.objects.filter(controller_id=_organisation_id(user)).select_related("created_by")


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
    for notice in breach.notices.select_related("recorded_by").order_by("sent_at", "pk"):
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
            "body": render_to_string("security/breach_notice_email.txt", context).strip() + "\n",
            "language": client.preferred_language,
        }


def breach_notice_letter_pdf(breach: Breach, client: Client, *, today: datetime.date) -> bytes:
    """The same notice as a PDF letter in the client's language."""
    from core.pdf import pdf_render

    with translation.override(client.preferred_language):
        return pdf_render(
            template_name="security/breach_notice_letter.html",
            context={**_notice_context(breach, client), "today": today},
            header=breach.controller.name, header_right=today.strftime("%d.%m.%Y"),
        )


# Users and their access logs --------------------------------------------------------------------


def organisation_users(user: AnyUser) -> QuerySet[User]:
    """Everyone with a worker profile in the viewer's organisation, deactivated ones too."""
    if security_staff_refusal(user) is not None:
        return User.objects.none()
    return (User.objects.filter(worker_profile__controller_id=_organisation_id(user))
            .select_related("worker_profile").order_by("last_name", "first_name", "username"))


def organisation_user(user: AnyUser, pk: Any) -> User:
    try:
        return organisation_users(user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def user_access_entries(viewer: AnyUser, subject: User) -> QuerySet[AccessEntry]:
    """What `subject` has looked at, limited to clients the viewer may see."""
    return (AccessEntry.objects.filter(user=subject, client__in=clients_visible_to(viewer))
            .select_related("client"))
