"""Personal identity codes (henkilötunnus) and business IDs. The vectors are computed with the
algorithm in the test itself, never copied from web pages (DESIGN.md: some are wrong)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clients.identifiers import (
    business_id_clean,
    identity_code_birth_date,
    identity_code_clean,
    identity_code_is_temporary,
    identity_code_mask,
    search_key,
)

TODAY = datetime.date(2026, 11, 21)
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def code(day: int, month: int, year: int, sign: str, individual: int) -> str:
    """DDMMYY + sign + ZZZ + check, the check being int(DDMMYYZZZ) mod 31 in CHECK."""
    digits = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
    return digits[:6] + sign + digits[6:] + CHECK[int(digits) % 31]


@pytest.mark.parametrize("sign,year", [
    ("+", 1895), ("-", 1950), ("Y", 1951), ("X", 1962), ("W", 1973), ("V", 1984), ("U", 1999),
    ("A", 2001), ("B", 2005), ("C", 2010), ("D", 2015), ("E", 2020), ("F", 2024),
])
def test_every_century_sign_is_accepted_and_kept_as_given(sign, year):
    value = code(17, 5, year, sign, 123)
    assert identity_code_clean(value, today=TODAY) == value
    assert identity_code_birth_date(value) == datetime.date(year, 5, 17)


def test_signs_of_the_same_century_are_different_identities():
    dash, ypsilon = code(1, 1, 1990, "-", 234), code(1, 1, 1990, "Y", 234)
    assert dash[7:] == ypsilon[7:]  # same number and check character ...
    assert identity_code_clean(dash, today=TODAY) != identity_code_clean(ypsilon, today=TODAY)


def test_temporary_code_is_accepted_and_marked():
    value = code(3, 3, 1980, "-", 912)
    assert identity_code_clean(value, today=TODAY) == value
    assert identity_code_is_temporary(value)
    assert not identity_code_is_temporary(code(3, 3, 1980, "-", 212))


def test_wrong_check_character_is_refused_in_finnish():
    value = code(17, 5, 1950, "-", 123)
    wrong = value[:-1] + next(c for c in CHECK if c != value[-1])
    with pytest.raises(ValidationError) as err:
        identity_code_clean(wrong, today=TODAY)
    assert err.value.code == "checksum"


@pytest.mark.parametrize("value", ["310250-123X", "290201A123X", "000000-0000", "1705501234"])
def test_impossible_dates_and_bad_shapes_are_refused(value):
    with pytest.raises(ValidationError):
        identity_code_clean(value, today=TODAY)


def test_future_birth_date_is_refused():
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        identity_code_clean(code(tomorrow.day, tomorrow.month, tomorrow.year, "F", 123), today=TODAY)
    assert err.value.code == "future"
    assert identity_code_clean(code(TODAY.day, TODAY.month, TODAY.year, "F", 123), today=TODAY)


def test_lowercase_and_spaces_are_normalised():
    value = code(6, 12, 2010, "C", 456)
    assert identity_code_clean(f"  {value.lower()} ", today=TODAY) == value


def test_mask_shows_the_date_and_century_sign_only():
    assert identity_code_mask(code(1, 1, 1990, "-", 234)) == "010190-****"


def test_business_id_validated_and_formatted():
    # Y-tunnus check digit: weights 7,9,10,5,8,4,2; 11 - (sum mod 11), 0 when the remainder is 0.
    digits = "3157784"
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    assert business_id_clean(f"{digits}-{check}") == f"{digits}-{check}"
    with pytest.raises(ValidationError):
        business_id_clean(f"{digits}-{(check + 1) % 10}")


def test_search_key_folds_case_and_accents():
    assert search_key("  Mäkinen  ÅSA Öhman ") == "makinen asa ohman"
