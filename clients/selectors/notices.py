"""The privacy notice (tietosuojaseloste) is composed here, in `clients`, from the register's and
the controller's own data. Sections owned by later apps come from their tables through template
tags (`consents_tags`, `retention_tags`) and the register's reverse relations, so `clients`
imports none of them and the notice still states exactly what the system stores and enforces."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from core.roles import Role

from ..constants import LegalBasis
from ..models import Client, Controller, PrivacyNotice, Register, SupervisoryAuthority
from .register import user_roles, worker_profile

# Register fields whose free text may be given per language (texts_sv / texts_en).
TEXT_FIELDS = (
    "purpose", "requirement", "legitimate_interest", "data_categories", "data_content", "sources",
    "recipients", "transfers_outside_eea", "protection_manual", "protection_electronic",
    "automated_decisions", "cookies", "retention", "rights",
)
MANDATORY_REGISTER_FIELDS = ("purpose", "data_content", "sources", "recipients")


@dataclass(frozen=True)
class NoticeText:
    text: str
    in_finnish: bool  # asked for another language, but only Finnish was given


def register_text(register: Register, field: str, language: str) -> NoticeText:
    finnish = getattr(register, field)
    if language in ("sv", "en"):
        translated = (getattr(register, f"texts_{language}") or {}).get(field, "").strip()
        if translated:
            return NoticeText(translated, False)
        return NoticeText(finnish, bool(finnish))
    return NoticeText(finnish, False)


def legal_basis_labels(register: Register) -> list[str]:
    labels = dict(LegalBasis.choices)
    return [str(labels.get(code, code)) for code in register.legal_bases]


def notice_missing_fields(register: Register) -> list[str]:
    """What the notice cannot be published without, named as the admin sees the fields."""
    missing = [str(Register._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
               for name in MANDATORY_REGISTER_FIELDS if not getattr(register, name).strip()]
    if not register.legal_bases:
        missing.append(str(Register._meta.get_field("legal_bases").verbose_name))
    controller = register.controller
    if not controller.contact_person_name.strip():
        missing.append(str(Controller._meta.get_field("contact_person_name").verbose_name))
    if not (controller.email or controller.contact_person_email or controller.phone
            or controller.contact_person_phone):
        missing.append(_("the controller's email or phone"))
    if not controller.street_address.strip():
        missing.append(str(Controller._meta.get_field("street_address").verbose_name))
    return missing


def notice_draft_allowed(user: User | AnonymousUser, controller: Controller) -> bool:
    """Drafts are for the admins and register contacts of the controller, or of the provider that
    keeps one of its registers."""
    profile = worker_profile(user)
    if profile is None or not user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT}:
        return False
    return profile.controller_id == controller.pk or controller.registers.filter(
        operator_id=profile.controller_id).exists()


def registers_of(controller: Controller) -> QuerySet[Register]:
    return controller.registers.prefetch_related("processors").order_by("name")


def notice_context(*, controller: Controller, register: Register | None, language: str,
                   today: datetime.date) -> dict[str, Any]:
    """Everything the notice template needs, for one register or the controller's whole notice."""
    registers = [register] if register is not None else list(registers_of(controller))
    sections = [{
        "register": r,
        "texts": {name: register_text(r, name, language) for name in TEXT_FIELDS},
        "legal_bases": legal_basis_labels(r),
        "processors": list(r.processors.all()),
    } for r in registers]
    updated = [r.updated_on for r in registers if r.updated_on]
    return {
        "controller": controller, "register": register, "sections": sections, "language": language,
        "authority": SupervisoryAuthority.objects.first(),
        "updated_on": max(updated) if updated else None, "today": today,
    }


def published_notices(*, controller: Controller, register: Register | None) -> QuerySet[PrivacyNotice]:
    notices = PrivacyNotice.objects.filter(controller=controller)
    return notices.filter(register=register) if register else notices.filter(register__isnull=True)


def notice_latest(*, controller: Controller, register: Register | None, language: str) -> PrivacyNotice | None:
    """The latest published version, in `language` if it was published in it, else in Finnish."""
    notices = published_notices(controller=controller, register=register)
    latest = notices.aggregate(v=Max("version"))["v"]
    if latest is None:
        return None
    versions = notices.filter(version=latest)
    return versions.filter(language=language).first() or versions.filter(language="fi").first()


def clients_to_inform(notice: PrivacyNotice, *, today: datetime.date) -> QuerySet[Client]:
    """After a material change: the clients whose relationship is in force in the notice's
    register(s)."""
    clients = Client.objects.filter(register__controller=notice.controller)
    if notice.register_id:
        clients = clients.filter(register=notice.register_id)
    return clients.filter(relationship_started__lte=today).exclude(relationship_ended__lt=today)
