"""Every write to the client register. Each takes the acting user, runs in one transaction and
leaves a trail (django-auditlog for changes, AccessEntry for looks)."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import acting_as
from core.pdf import pdf_render
from core.roles import Role
from core.scope import system_scope_for_one_write

from ..constants import AccessBasis, AccessKind, Art18Ground, ClientKind, Language, RepresentativeRole, RestrictedAct
from ..identifiers import business_id_clean, identity_code_birth_date, identity_code_clean, search_key
from ..models import AccessEntry, Client, Controller, Correction, HealthInformation, Register, Representative
from ..selectors import clients_visible_to, request_handler_required, user_roles
from ..selectors.emergency import emergency_purpose
from ..selectors.protection import address_protection_in_file, people_address_protected
from ..selectors.restriction import restriction_refusal

# Written into the access-log detail of every look at an address-protected client.
ADDRESS_PROTECTED_DETAIL = "turvakielto"


def access_basis(user: User, client: Client, *, now: datetime.datetime) -> str:
    """On what ground `user` may look at `client` (käytön peruste): their role, their client
    relationship (assigned), or an emergency access; "" when none holds."""
    roles = user_roles(user)
    if Role.ADMIN in roles:
        return AccessBasis.ADMIN
    if Role.REGISTER_CONTACT in roles:
        return AccessBasis.REGISTER_CONTACT
    if Client.assigned_workers.through.objects.filter(client_id=client.pk, user_id=user.pk).exists():  # type: ignore[misc]
        return AccessBasis.CLIENT_RELATIONSHIP
    if emergency_purpose(user, client, now=now):
        return AccessBasis.EMERGENCY
    return ""


def access_record(
    *, user: User, client: Client, kind: str, detail: str = "", purpose: str = "",
    granted: bool = True, basis: str | None = None,
) -> AccessEntry:
    """Write one access-log entry (käyttöloki), with the basis of a granted staff look (worked
    out here unless the caller knows it)."""
    now = timezone.now()
    staff_look = granted and kind not in (AccessKind.OWN_PAGES, AccessKind.REPRESENTATIVE_PAGES)
    if not staff_look:
        basis = ""
    elif basis is None:
        basis = access_basis(user, client, now=now)
    return AccessEntry.objects.create(
        client=client, user=user, at=now, kind=kind, detail=detail[:200],
        purpose=purpose[:300], granted=granted, basis=basis,
    )


def client_open(*, user: User, pk: Any, kind: str, detail: str = "") -> Client:
    """The client `pk` if `user` may see it, with the look logged. Otherwise Http404 (never
    403: the client's existence is not revealed), and an existing client gets a denied entry."""
    staff = bool(user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT})
    visible = clients_visible_to(user).select_related("register")
    if not staff:  # assigned, or seen through an emergency access: the look's basis, in the same query
        assigned = Client.assigned_workers.through.objects.filter(  # type: ignore[misc]
            client_id=OuterRef("pk"), user_id=user.pk)
        visible = visible.annotate(is_assigned=Exists(assigned))
    try:
        # Whether a person close to the client has turvakielto comes with the client, in one query.
        client = visible.annotate(people_address_protected=people_address_protected()).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        if str(pk).isdigit() and user.is_authenticated:
            # Another organisation's client is out of the request's database scope (row-level
            # security): the refused look goes into that client's access log all the same.
            with system_scope_for_one_write():
                existing = Client.objects.filter(pk=pk).first()
                if existing is not None:
                    access_record(user=user, client=existing, kind=AccessKind.DENIED, detail=kind,
                                  granted=False)
        raise Http404 from None
    # A look under emergency access ("break-the-glass") carries its reason in the log.
    purpose = "" if staff else emergency_purpose(user, client, now=timezone.now())
    if staff:
        basis = AccessBasis.ADMIN if Role.ADMIN in user_roles(user) else AccessBasis.REGISTER_CONTACT
    else:
        basis = AccessBasis.CLIENT_RELATIONSHIP if client.is_assigned else AccessBasis.EMERGENCY  # type: ignore[attr-defined]
    if address_protection_in_file(client):  # every look at a protected client's file carries the marking
        detail = f"{detail}; {ADDRESS_PROTECTED_DETAIL}" if detail else ADDRESS_PROTECTED_DETAIL
    access_record(user=user, client=client, kind=kind, detail=detail, purpose=purpose, basis=basis)
    return client


def restricted_act_check(
    *, actor: User, client: Client, act: str, ground: str = "",
    recipient_controller: Controller | None = None,
) -> None:
    """Refuse `act` on a restricted client (GDPR Art 18) unless an Art 18(2) ground is given for
    it, and record the ground in the client's access log when one is used."""
    refusal = restriction_refusal(client=client, act=act, ground=ground,
                                  recipient_controller=recipient_controller)
    if refusal:
        raise ValidationError(refusal, code="restricted")
    if client.restricted and ground:
        kind = AccessKind.CLIENT_EDIT if act in (RestrictedAct.EDIT, RestrictedAct.ENTRY) else AccessKind.EXPORT
        access_record(user=actor, client=client, kind=kind, detail=f"GDPR Art 18(2): {act}",
                      purpose=f"GDPR Art 18(2): {Art18Ground(ground).label}")


def _apply_identity(client: Client) -> None:
    """Derive what follows from the entered data: date of birth from the code, search and sort keys."""
    if client.kind == ClientKind.ORGANISATION:
        client.first_names = client.last_name = client.identity_code = ""
        client.search_name = search_key(client.organisation_name)
        client.sort_name = client.organisation_name.strip()
        return
    if client.identity_code:
        client.date_of_birth = identity_code_birth_date(client.identity_code)
    client.search_name = search_key(f"{client.last_name} {client.first_names}")
    client.sort_name = f"{client.last_name} {client.first_names}".strip()


def _health_save(client: Client, health: dict[str, str] | None) -> None:
    if health is None:
        return
    record, _created = HealthInformation.objects.get_or_create(client=client)
    changed = [name for name, value in health.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, health[name])
    if changed:
        record.save(update_fields=changed)


class _Unchanged:
    """The value of an argument `client_update` was not given: the field keeps its value."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()

# The client's basic data a caseworker or an admin enters (the rest is derived or set by its
# own service: search keys, restriction, assigned workers).
CLIENT_FIELDS: tuple[str, ...] = (
    "kind", "last_name", "first_names", "identity_code", "date_of_birth", "date_of_death",
    "preferred_language", "organisation_name", "business_id", "contact_person", "contact_phone",
    "street_address", "postal_code", "city", "municipality", "phone", "email",
    "relationship_started", "relationship_ended", "commissioning_authority",
    "payment_commitment_reference", "payment_commitment_from", "payment_commitment_until",
    "address_protected", "contact_channel", "no_letters_home", "interpreter_language",
)


def client_validate(client: Client, *, today: datetime.date) -> None:
    """The rules every path shares (app form, admin, import): a valid identity code or
    business ID, stored in its normal form, and a person's names."""
    errors: dict[str, Any] = {}
    if client.kind == ClientKind.PERSON:
        if client.identity_code.strip():
            try:
                client.identity_code = identity_code_clean(client.identity_code, today=today)
                client.date_of_birth = identity_code_birth_date(client.identity_code)
            except ValidationError as exc:
                errors["identity_code"] = exc
        else:
            client.identity_code = ""
        for name in ("last_name", "first_names"):
            if not getattr(client, name).strip():
                errors[name] = _("Required for a person.")
        if not client.identity_code and not client.date_of_birth and "identity_code" not in errors:
            errors["date_of_birth"] = _(
                "Enter a personal identity code or, if the client has none, a date of birth.")
    elif client.business_id.strip():
        try:
            client.business_id = business_id_clean(client.business_id)
        except ValidationError as exc:
            errors["business_id"] = exc
    if errors:
        raise ValidationError(errors)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def client_corrections_pending(client: Client) -> list[tuple[str, str, str]]:
    """The fields of `client` (an instance a form may already have changed) whose stored value
    was not empty and now differs: (field, original, corrected). Filling an empty field is not a
    correction; overwriting a value is, and seed 003 wants it readable later."""
    if not client.pk:
        return []
    stored = Client.objects.filter(pk=client.pk).first()
    if stored is None:
        return []
    pending = []
    for name in CLIENT_FIELDS:
        before, after = getattr(stored, name), getattr(client, name)
        if before != after and _shown(before) != "" and not (isinstance(before, bool) and not before):
            pending.append((name, _shown(before), _shown(after)))
    return pending


def client_correction_reason_refusal(client: Client, reason: str) -> str | None:
    """Why the change cannot be saved without more: an earlier value is overwritten and no reason
    is given (seed 003: "korjauksen peruste merkitään"). The admin form asks it too."""
    if client_corrections_pending(client) and not reason.strip():
        return _("Give the reason for the change: the earlier value stays readable in the client file.")
    return None


def _client_save(client: Client, *, today: datetime.date) -> None:
    client_validate(client, today=today)
    _apply_identity(client)
    client.full_clean(exclude=["search_name", "sort_name"])
    client.save()


@transaction.atomic
def client_create(
    *, actor: User, register: Register, relationship_started: datetime.date,
    kind: str = ClientKind.PERSON, last_name: str = "", first_names: str = "",
    identity_code: str = "", date_of_birth: datetime.date | None = None,
    date_of_death: datetime.date | None = None, preferred_language: str = Language.FINNISH,
    organisation_name: str = "", business_id: str = "", contact_person: str = "",
    contact_phone: str = "", street_address: str = "", postal_code: str = "", city: str = "",
    municipality: str = "", phone: str = "", email: str = "",
    relationship_ended: datetime.date | None = None,
    commissioning_authority: Controller | None = None, payment_commitment_reference: str = "",
    payment_commitment_from: datetime.date | None = None,
    payment_commitment_until: datetime.date | None = None, address_protected: bool = False,
    contact_channel: str = "", no_letters_home: bool = False, interpreter_language: str = "",
    health: dict[str, str] | None = None, today: datetime.date | None = None,
) -> Client:
    """Create a client. The identity code is validated and stored in its normal form, the date
    of birth and the search keys are derived from it, whatever the path (app, admin, import).
    A caseworker who creates a client is assigned to it, so they can go on working with it."""
    today = today or timezone.localdate()
    with acting_as(actor):
        client = Client(
            register=register, kind=kind, last_name=last_name, first_names=first_names,
            identity_code=identity_code, date_of_birth=date_of_birth, date_of_death=date_of_death,
            preferred_language=preferred_language, organisation_name=organisation_name,
            business_id=business_id, contact_person=contact_person, contact_phone=contact_phone,
            street_address=street_address, postal_code=postal_code, city=city,
            municipality=municipality, phone=phone, email=email,
            relationship_started=relationship_started, relationship_ended=relationship_ended,
            commissioning_authority=commissioning_authority,
            payment_commitment_reference=payment_commitment_reference,
            payment_commitment_from=payment_commitment_from,
            payment_commitment_until=payment_commitment_until, address_protected=address_protected,
            contact_channel=contact_channel, no_letters_home=no_letters_home,
            interpreter_language=interpreter_language,
        )
        _client_save(client, today=today)
        _health_save(client, health)
        if Role.CASEWORKER in user_roles(actor):
            client.assigned_workers.add(actor)
    return client


@transaction.atomic
def client_update(
    *, actor: User, client: Client, kind: str = UNCHANGED, last_name: str = UNCHANGED,
    first_names: str = UNCHANGED, identity_code: str = UNCHANGED,
    date_of_birth: datetime.date | None = UNCHANGED, date_of_death: datetime.date | None = UNCHANGED,
    preferred_language: str = UNCHANGED, organisation_name: str = UNCHANGED,
    business_id: str = UNCHANGED, contact_person: str = UNCHANGED, contact_phone: str = UNCHANGED,
    street_address: str = UNCHANGED, postal_code: str = UNCHANGED, city: str = UNCHANGED,
    municipality: str = UNCHANGED, phone: str = UNCHANGED, email: str = UNCHANGED,
    relationship_started: datetime.date = UNCHANGED,
    relationship_ended: datetime.date | None = UNCHANGED,
    commissioning_authority: Controller | None = UNCHANGED,
    payment_commitment_reference: str = UNCHANGED,
    payment_commitment_from: datetime.date | None = UNCHANGED,
    payment_commitment_until: datetime.date | None = UNCHANGED, address_protected: bool = UNCHANGED,
    contact_channel: str = UNCHANGED, no_letters_home: bool = UNCHANGED, interpreter_language: str = UNCHANGED,
    health: dict[str, str] | None = None, today: datetime.date | None = None,
    restriction_ground: str = "", reason: str = "", when: datetime.datetime | None = None,
) -> Client:
    """Change the client's basic data; an argument not given keeps its value. The same
    validation as `client_create`, whatever the path. A restricted client (GDPR Art 18) is
    changed only on an Art 18(2) ground recorded for the change. Seed 003: "Mahdollisesti
    virheelliset merkinnät korjataan niin, että merkintä on myöhemmin luettavissa": every value
    overwritten is kept in a Correction with who, when and `reason` (required then)."""
    today = today or timezone.localdate()
    restricted_act_check(actor=actor, client=client, act=RestrictedAct.EDIT, ground=restriction_ground)
    given = {
        "kind": kind, "last_name": last_name, "first_names": first_names,
        "identity_code": identity_code, "date_of_birth": date_of_birth,
        "date_of_death": date_of_death, "preferred_language": preferred_language,
        "organisation_name": organisation_name, "business_id": business_id,
        "contact_person": contact_person, "contact_phone": contact_phone,
        "street_address": street_address, "postal_code": postal_code, "city": city,
        "municipality": municipality, "phone": phone, "email": email,
        "relationship_started": relationship_started, "relationship_ended": relationship_ended,
        "commissioning_authority": commissioning_authority,
        "payment_commitment_reference": payment_commitment_reference,
        "payment_commitment_from": payment_commitment_from,
        "payment_commitment_until": payment_commitment_until,
        "address_protected": address_protected, "contact_channel": contact_channel,
        "no_letters_home": no_letters_home, "interpreter_language": interpreter_language,
    }
    with acting_as(actor):
        for name, value in given.items():
            if value is not UNCHANGED:
                setattr(client, name, value)
        client_validate(client, today=today)  # the derived date of birth is no correction
        pending = client_corrections_pending(client)
        refusal = client_correction_reason_refusal(client, reason)
        if refusal:
            raise ValidationError({"reason": refusal})
        _client_save(client, today=today)
        _health_save(client, health)
        when = when or timezone.now()
        for name, original, corrected in pending:
            Correction.objects.create(
                client=client, field=f"client.{name}", original_value=original,
                corrected_value=corrected, reason=reason.strip(), corrected_by=actor, corrected_at=when)
    return client


@transaction.atomic
def client_assign_worker(*, actor: User, client: Client, worker: User) -> None:
    with acting_as(actor):
        client.assigned_workers.add(worker)


@transaction.atomic
def client_unassign_worker(*, actor: User, client: Client, worker: User) -> None:
    with acting_as(actor):
        client.assigned_workers.remove(worker)


# Seed 003: the minor may prohibit disclosure "huoltajalleen tai muulle lailliselle
# edustajalleen" -- to a guardian or another legal representative, never to next of kin
# (who receive nothing without consent anyway).
PROHIBITABLE_ROLES = (RepresentativeRole.GUARDIAN, RepresentativeRole.LEGAL_REPRESENTATIVE)


def representative_validate(
    rep: Representative, *, client: Client, today: datetime.date, was_prohibited: bool,
) -> None:
    """The minor's prohibition (seed 003): towards a guardian or a legal representative, of a
    client who is a minor when it is recorded, with the assessment written down. Raises
    ValidationError keyed by field; every path (app form, admin inline, import) asks this."""
    if not rep.disclosure_prohibited:
        return
    errors: dict[str, str] = {}
    if rep.role not in PROHIBITABLE_ROLES:
        errors["disclosure_prohibited"] = _(
            "A minor's prohibition of disclosure can concern a guardian or a legal "
            "representative only.")
    elif not was_prohibited and not client.is_minor_on(today):
        errors["disclosure_prohibited"] = _("Only a minor's prohibition of disclosure is recorded here.")
    if not (rep.prohibition_reasoning or "").strip():
        errors["prohibition_reasoning"] = _(
            "Record why the minor is able to decide and why withholding the information "
            "does not endanger the child.")
    if errors:
        raise ValidationError(errors)


def representative_was_prohibited(rep: Representative) -> bool:
    """Whether the stored row (not an instance a form has already changed) is prohibited."""
    return bool(rep.pk) and Representative.objects.filter(pk=rep.pk, disclosure_prohibited=True).exists()


@transaction.atomic
def representative_save(
    *, actor: User, client: Client, role: str, first_names: str, last_name: str,
    valid_from: datetime.date, today: datetime.date, relationship: str = "", phone: str = "",
    email: str = "", street_address: str = "", postal_code: str = "", city: str = "",
    preferred_language: str = "",
    valid_until: datetime.date | None = None, disclosure_prohibited: bool = False,
    prohibition_reasoning: str = "", representative: Representative | None = None, address_protected: bool = False,
    restriction_ground: str = "", reason: str = "", when: datetime.datetime | None = None,
) -> Representative:
    """Add or change a guardian, legal representative or next of kin. The minor's prohibition of
    disclosure (seed 003) may target a guardian or a legal representative, needs the assessment,
    and is stamped with who assessed it and when, on every path (app form, admin, import). The
    stored row is what counts: a form that has already set the flag on the instance does not
    hide a new prohibition. Seed 003: an overwritten detail stays readable in a Correction with
    who, when and `reason` (required then); so does clearing the person's address protection
    (turvakielto)."""
    restricted_act_check(actor=actor, client=client, act=RestrictedAct.EDIT, ground=restriction_ground)
    with acting_as(actor):
        rep = representative or Representative(client=client)
        if rep.client_id != client.pk:
            raise ValidationError(_("The person is another client's representative."))
        stored = Representative.objects.filter(pk=rep.pk).first() if rep.pk else None
        was_prohibited = bool(stored and stored.disclosure_prohibited)
        rep.role, rep.first_names, rep.last_name = role, first_names, last_name
        rep.relationship, rep.phone, rep.email = relationship, phone, email
        rep.street_address, rep.postal_code, rep.city = street_address, postal_code, city
        rep.address_protected = address_protected
        rep.preferred_language = preferred_language
        rep.valid_from, rep.valid_until = valid_from, valid_until
        rep.disclosure_prohibited = disclosure_prohibited
        rep.prohibition_reasoning = prohibition_reasoning.strip() if disclosure_prohibited else ""
        if disclosure_prohibited:
            representative_validate(rep, client=client, today=today, was_prohibited=was_prohibited)
            # A new prohibition, or a new assessment of it, is stamped now; an unchanged one keeps
            # who assessed it and when, whatever the submitted instance says.
            if (stored is not None and was_prohibited and stored.prohibition_assessed_on
                    and stored.prohibition_reasoning == rep.prohibition_reasoning):
                rep.prohibition_assessed_by = stored.prohibition_assessed_by
                rep.prohibition_assessed_on = stored.prohibition_assessed_on
            else:
                rep.prohibition_assessed_by = actor  # type: ignore[assignment]
                rep.prohibition_assessed_on = today
        else:
            rep.prohibition_assessed_by = None
            rep.prohibition_assessed_on = None
        pending = representative_corrections_pending(rep)
        if pending and not reason.strip():
            raise ValidationError({"reason": _(
                "Give the reason for the change: the earlier value stays readable in the client file.")})
        rep.full_clean()
        rep.save()
        when = when or timezone.now()
        for name, original, corrected in pending:
            Correction.objects.create(
                client=client, representative=rep, field=f"representative.{name}", original_value=original,
                corrected_value=corrected, reason=reason.strip(), corrected_by=actor, corrected_at=when)
    return rep


# A person's details whose earlier value a change keeps readable (the prohibition has its own
# assessor stamp).
REPRESENTATIVE_CORRECTED_FIELDS: tuple[str, ...] = (
    "role", "first_names", "last_name", "relationship", "phone", "email", "street_address",
    "postal_code", "city", "valid_from", "valid_until",
)


def representative_corrections_pending(rep: Representative) -> list[tuple[str, str, str]]:
    """The details of `rep` (an instance a form may already have changed) whose stored value was
    not empty and now differs: (field, original, corrected)."""
    stored = Representative.objects.filter(pk=rep.pk).first() if rep.pk else None
    if stored is None:
        return []
    pending = [(name, _shown(getattr(stored, name)), _shown(getattr(rep, name)))
               for name in REPRESENTATIVE_CORRECTED_FIELDS
               if getattr(stored, name) != getattr(rep, name) and _shown(getattr(stored, name)) != ""]
    if stored.address_protected and not rep.address_protected:  # clearing the marking is a correction
        pending.append(("address_protected", _shown(True), _shown(False)))
    return pending


@transaction.atomic
def client_restrict(*, actor: User, client: Client, reason: str) -> Client:
    """GDPR Art 18: mark the client's data as restricted; banners everywhere, no disclosures or
    marketing without consent. Only a request handler sets it (separation of duties)."""
    request_handler_required(actor)
    with acting_as(actor):
        if not client.restricted:
            client.restricted_at = timezone.now()
        client.restricted = True
        client.restriction_reason = reason
        client.save(update_fields=["restricted", "restriction_reason", "restricted_at"])
    return client


@transaction.atomic
def restriction_lift_letter(*, actor: User, client: Client, now: datetime.datetime | None = None,
                            envelope: bool = True) -> bytes:
    """GDPR Art 18(3): the letter that tells the client, in the client's language, that the
    restriction will be lifted. Producing it is recorded on the client (the lift waits for it)
    and in the access log as an export. Only a request handler produces it. Without `envelope`
    (the letter sent as an email attachment) it carries no postal address: a protected address
    is printed only in the envelope window of a letter to the client."""
    request_handler_required(actor)
    if not client.restricted:
        raise ValidationError(_("The client's processing is not restricted."))
    now = timezone.localtime(now or timezone.now())
    with translation.override(client.preferred_language):
        content = pdf_render(
            template_name="clients/pdf/restriction_lift_letter.html",
            context={"client": client, "controller": client.register.controller, "now": now,
                     "envelope": envelope},
            header=f"{client.display_name} – {_('GDPR Art 18(3)')}", header_right=now.strftime("%d.%m.%Y"),
        )
    with acting_as(actor):
        client.restriction_lift_letter_at = now
        client.save(update_fields=["restriction_lift_letter_at"])
    access_record(user=actor, client=client, kind=AccessKind.EXPORT, detail="restriction lift letter (Art 18(3))")
    return content


def restriction_lift_refusal(client: Client) -> str | None:
    """Why the restriction cannot be lifted yet: the Art 18(3) letter was not produced."""
    if client.restricted and client.restriction_lift_letter_at is None:
        return _("Produce the letter informing the client (GDPR Art 18(3)) before lifting the restriction.")
    return None


@transaction.atomic
def client_restriction_lift(*, actor: User, client: Client) -> Client:
    """Lift the restriction; only a request handler does (separation of duties), and only after
    the client was informed by letter (GDPR Art 18(3), `restriction_lift_letter`)."""
    request_handler_required(actor)
    refusal = restriction_lift_refusal(client)
    if refusal:
        raise ValidationError({"lift_restriction": refusal})
    with acting_as(actor):
        client.restricted = False
        client.restriction_reason = ""
        client.restriction_lift_letter_at = None  # a later restriction needs a letter of its own
        client.restricted_at = None
        client.save(update_fields=["restricted", "restriction_reason", "restriction_lift_letter_at",
                                   "restricted_at"])
    return client
