"""Writes of the client's own pages. Each goes through the same service as the staff pages
(consents, prohibitions, data-subject requests), with the signed-in person as the actor.

How the person acts: one dedicated Django user per person ("oma-" and a keyed hash of the identity
code), inactive, with an unusable password, no groups and no worker profile. The other apps'
services take an `actor: User` and record it (recorded_by, withdrawn_by, created_by, the change
history, the access log's non-null user), so a user row is what lets the client act through
them unchanged; one per person keeps "who did this" exact in every trail (a shared "portal" user
could not tell two clients apart). Inactive, passwordless and without a profile, it can never
sign in to the staff side nor see any client there (clients.selectors.client_data_refusal). The
identity code itself is not stored on it: only the hash, so the user table names nobody.
"""

import datetime
import uuid

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from clients.constants import AccessKind
from clients.models import AccessEntry, Client, Representative
from clients.selectors import request_handling_refusal
from clients.services import access_record
from consents import services as consent_services
from consents.models import Consent, EmailSubscriber, Prohibition
from core.audit import acting_as
from core.scope import system_scope_for_one_write
from requests import services as request_services
from requests.constants import Channel, RequesterRole, RequestType, VerificationMethod
from requests.models import DataSubjectRequest

from .models import Withholding
from .selectors import Link, subscribers_of

USERNAME_PREFIX = "oma-"


def portal_username(identity_code: str) -> str:
    return USERNAME_PREFIX + salted_hmac("portal.person", identity_code.strip().upper()).hexdigest()[:26]


@transaction.atomic
def portal_user_get_or_create(*, identity_code: str) -> User:
    """The person's acting user (see the module's docstring): created on first sign-in."""
    user, created = User.objects.get_or_create(username=portal_username(identity_code),
                                               defaults={"is_active": False, "is_staff": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def portal_look_record(*, actor: User, client: Client, link: Link, part: str) -> AccessEntry:
    """Every page of a client's data on these pages is an access-log entry: the client themself,
    or their guardian / legal representative (named in the purpose)."""
    if link.role == "self":
        return access_record(user=actor, client=client, kind=AccessKind.OWN_PAGES, detail=part,
                             purpose=_("The client's own pages"))
    representative = _representative(link)
    who = representative.get_role_display() if representative else link.role
    return access_record(user=actor, client=client, kind=AccessKind.REPRESENTATIVE_PAGES, detail=part,
                         purpose=_("Acting for the client on the client's own pages: %(role)s") % {"role": who})


def _representative(link: Link) -> Representative | None:
    return Representative.objects.filter(pk=link.representative_id).first() if link.representative_id else None


@transaction.atomic
def portal_consent_withdraw(*, actor: User, client: Client, consent_id: int, link: Link) -> Consent:
    """The person withdraws one of the record's consents (consents.services.consent_withdraw)."""
    consent = Consent.objects.get(pk=consent_id, client=client)
    note = _("Withdrawn on the client's own pages by the client.") if link.role == "self" else _(
        "Withdrawn on the client's own pages by the client's representative.")
    return consent_services.consent_withdraw(actor=actor, consent=consent, note=note)


@transaction.atomic
def portal_prohibition_add(*, actor: User, client: Client, kind: str, link: Link) -> Prohibition:
    return consent_services.prohibition_add(actor=actor, client=client, kind=kind,
                                            note=_("Given on the client's own pages after strong identification."))


@transaction.atomic
def portal_prohibition_lift(*, actor: User, client: Client, prohibition_id: int, link: Link) -> Prohibition:
    prohibition = Prohibition.objects.get(pk=prohibition_id, client=client)
    return consent_services.prohibition_lift(actor=actor, prohibition=prohibition,
                                             note=_("Lifted on the client's own pages after strong identification."))


@transaction.atomic
def portal_unsubscribe(*, actor: User, client: Client, subscriber_id: int, link: Link) -> EmailSubscriber:
    """Take the client's address off one email list (consents.services.subscriber_unsubscribe).
    Seed 003: a subscriber may at any time ask to be removed from the list. Only an address that
    is this record's own address can be taken off here (else DoesNotExist: a 404)."""
    with system_scope_for_one_write():
        subscriber = subscribers_of(client).get(pk=subscriber_id)
        return consent_services.subscriber_unsubscribe(subscriber=subscriber, actor=actor)


@transaction.atomic
def portal_request_file(
    *, actor: User, client: Client, link: Link, type: str, description: str, submission_key: uuid.UUID,
    today: datetime.date, now: datetime.datetime | None = None,
) -> DataSubjectRequest:
    """A data-subject request filed online. It lands in the register contact's queue like any other
    (requests.services.request_register); the requester's identity was verified by the strong
    identification the sign-in itself required, and is recorded as such."""
    now = now or timezone.now()
    representative = _representative(link)
    role = RequesterRole.CLIENT if link.role == "self" else link.role
    if role not in RequesterRole.values:
        raise ValidationError(_("You cannot file requests for this client here."))
    request = request_services.request_register(
        actor=actor, client=client, type=type, received_on=today, channel=Channel.ELECTRONIC,
        submission_key=submission_key, today=today, requester_role=role, representative=representative,
        description=description.strip(),
    )
    if not request.verification_method:
        with acting_as(actor):
            request.verification_method = VerificationMethod.STRONG_ELECTRONIC
            request.verified_by = actor
            request.verified_at = now
            request.save(update_fields=["verification_method", "verified_by", "verified_at"])
    return request


@transaction.atomic
def portal_question_file(*, actor: User, client: Client, link: Link, question: str, submission_key: uuid.UUID,
                         today: datetime.date, now: datetime.datetime | None = None) -> DataSubjectRequest:
    """A question or feedback about the register sent on these pages: it lands in the register
    contact's queue as a question (requests.services.request_register), due within the register's
    working days, with the asker's identity verified by the sign-in's strong identification and
    recorded as such, exactly as a request filed here (`portal_request_file`)."""
    if not question.strip():
        raise ValidationError(_("Write your question or feedback."))
    return portal_request_file(actor=actor, client=client, link=link, type=RequestType.QUESTION,
                               description=question, submission_key=submission_key, today=today, now=now)


@transaction.atomic
def withholding_record(*, actor: User, client: Client, part: str, legal_ground: str,
                       today: datetime.date) -> Withholding:
    """The register contact's decision that a part of the client's data is not shown on the
    client's own pages, on a ground in law. Only the register contact or an admin decides it."""
    refusal = request_handling_refusal(actor)
    if refusal is not None:
        raise ValidationError(refusal)
    if not part.strip() or not legal_ground.strip():
        raise ValidationError(_("Name the withheld part and its ground in law."))
    with acting_as(actor):
        return Withholding.objects.create(client=client, part=part.strip(), legal_ground=legal_ground.strip(),
                                          decided_by=actor, decided_on=today)


@transaction.atomic
def withholding_end(*, actor: User, withholding: Withholding, today: datetime.date) -> Withholding:
    """The part is shown again on the client's own pages from today; who lifted it is recorded."""
    refusal = request_handling_refusal(actor)
    if refusal is not None:
        raise ValidationError(refusal)
    withholding = Withholding.objects.select_for_update().get(pk=withholding.pk)
    if withholding.ended_on is not None and withholding.ended_on <= today:
        raise ValidationError(_("This withholding has already ended."))
    with acting_as(actor):
        withholding.ended_on = today
        withholding.ended_by = actor
        withholding.save(update_fields=["ended_on", "ended_by"])
    return withholding
