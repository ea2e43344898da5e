"""Finnish identifiers: personal identity code (henkilötunnus) and business ID (Y-tunnus).

The century sign is part of the identity (DESIGN.md): codes are stored exactly as
given, upper-cased, never rewritten to another sign of the same century.
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import hetu, ytunnus

from core.audit import MASK

CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
TEMPORARY_INDIVIDUAL_NUMBERS = range(900, 1000)


def identity_code_clean(value: str, *, today: datetime.date) -> str:
    """Return the code upper-cased and validated, or raise ValidationError in the user's language.

    Temporary codes (individual number 900-999) are accepted; birth dates after
    `today` are not.
    """
    code = hetu.compact(value or "")
    try:
        hetu.validate(code, allow_temporary=True)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check character of the personal identity code is wrong."), code="checksum"
        ) from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(
            _("The personal identity code contains an impossible date or individual number."),
            code="component",
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Enter the personal identity code in the form DDMMYYCZZZQ, e.g. 010190-123A."),
            code="format",
        ) from None
    if identity_code_birth_date(code) > today:
        raise ValidationError(
            _("The personal identity code gives a date of birth in the future."), code="future"
        )
    return code


def identity_code_birth_date(code: str) -> datetime.date:
    """Date of birth encoded in a validated code."""
    return datetime.date(CENTURIES[code[6]] + int(code[4:6]), int(code[2:4]), int(code[0:2]))


def identity_code_is_temporary(code: str) -> bool:
    return bool(code) and int(code[7:10]) in TEMPORARY_INDIVIDUAL_NUMBERS


def identity_code_mask(code: str) -> str:
    """`010190-****`: the date and century sign only, never the personal part."""
    return f"{code[:7]}{MASK}" if code else ""


def looks_like_identity_code(text: str) -> bool:
    """Does a search term have the shape of a full identity code (not necessarily valid)?"""
    text = text.strip().upper()
    return len(text) == 11 and text[:6].isdigit() and text[6] in CENTURIES


def business_id_clean(value: str) -> str:
    """Return a validated Y-tunnus as 1234567-8, or raise ValidationError."""
    try:
        return ytunnus.format(ytunnus.validate(value or ""))
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Enter a valid business ID (Y-tunnus) in the form 1234567-8."), code="business_id"
        ) from None


def search_key(text: str) -> str:
    """Lower-case, accents removed, single spaces: "Mäkinen Åsa" -> "makinen asa"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
