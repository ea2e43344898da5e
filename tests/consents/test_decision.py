"""The one decision function, table-tested: "may this client's data be used for purpose P /
disclosed to R on day D?" Each row sets up the facts (consents, prohibitions, people, flags)
straight in the database — including rows the services would refuse to write, as old data may
hold — and checks the answer, its basis and its reason."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from clients.models import Representative
from consents.constants import ConsentMethod, DecisionBasis, GivenBy, ProhibitionKind
from consents.models import Consent, ConsentPurpose, Prohibition
from consents.selectors import use_decision
from tests.conftest import make_client, make_register
from tests.fixtures import at

D = datetime.date
ON = D(2026, 6, 1)
CHILD_BORN = D(2009, 3, 10)  # 18 on 10.3.2027
AS_ADULT = D(2027, 6, 1)
AUTHORITY = "Kunnan sosiaalitoimi"
GIVEN = D(2025, 1, 1)


@dataclass
class Case:
    allowed: bool
    basis: str
    reason: str
    purpose: str = "email_marketing"
    recipient: str | None = None  # "kin", "kin2", "guardian", or a name
    on: D = ON
    legal_basis: str = ""
    born: D = D(1950, 5, 17)
    consents: list[dict[str, Any]] = field(default_factory=list)
    prohibitions: list[tuple[str, D, D | None]] = field(default_factory=list)
    restricted: bool = False
    died: D | None = None
    relationship_ended: D | None = None
    guardian_prohibited: bool = False
    retired: str | None = None


def consent(purpose: str = "email_marketing", given: D = GIVEN, *, method: str = "written",
            withdrawn: D | None = None, by: str = GivenBy.CLIENT, recipient: str | None = None) -> dict:
    return {"purpose": purpose, "given": given, "method": method, "withdrawn": withdrawn, "by": by,
            "recipient": recipient}


DM, MR, AL = (ProhibitionKind.DIRECT_MARKETING, ProhibitionKind.MARKET_RESEARCH,
              ProhibitionKind.ADDRESS_LIST_PUBLICATION)
C, LAW, NOPE = DecisionBasis.CONSENT, DecisionBasis.LAW, DecisionBasis.NO_CONSENT

CASES = {
    # Seed 003: "Asiakkaalta pyydetään kirjallinen lupa, että yritys saa lähettää sähköpostin
    # välityksellä myös suoramarkkinointi-, suoramainonta-, ... materiaalia"
    "written email-marketing consent in force": Case(True, C, "Consent given by the client on 01.01.2025",
                                                     consents=[consent()]),
    "no consent at all": Case(False, NOPE, "No consent for “Sähköpostimarkkinointi” is in force on 01.06.2026"),
    "oral consent where written permission is asked": Case(False, NOPE, "needs written consent",
                                                           consents=[consent(method=ConsentMethod.ORAL)]),
    "withdrawn before the day": Case(False, NOPE, "was withdrawn on 01.05.2026",
                                     consents=[consent(withdrawn=D(2026, 5, 1))]),
    "in force on a day before its withdrawal": Case(True, C, "Consent given", on=D(2026, 4, 30),
                                                    consents=[consent(withdrawn=D(2026, 5, 1))]),
    "withdrawal takes effect on the day it is made": Case(False, NOPE, "was withdrawn on 01.06.2026",
                                                          consents=[consent(withdrawn=ON)]),
    "day before the consent was given": Case(False, NOPE, "No consent",
                                             consents=[consent(given=D(2026, 6, 2))]),
    "consent given on the day itself": Case(True, C, "01.06.2026", consents=[consent(given=ON)]),
    # Seed 000: "oikeus kieltää tietojensa käsittely ja luovuttaminen suoramainontaa, etämyyntiä ja
    # suoramarkkinointia sekä markkina- ja mielipidetutkimusta varten"
    "direct-marketing prohibition beats a written consent": Case(
        False, DecisionBasis.PROHIBITION, "prohibited direct marketing (since 01.01.2026)",
        consents=[consent()], prohibitions=[(DM, D(2026, 1, 1), None)]),
    "a lifted prohibition no longer applies": Case(
        True, C, "Consent given", consents=[consent()], prohibitions=[(DM, D(2025, 6, 1), D(2026, 1, 1))]),
    "a prohibition given later does not reach back": Case(
        True, C, "Consent given", consents=[consent()], prohibitions=[(DM, D(2026, 7, 1), None)]),
    "market-research prohibition stops satisfaction surveys": Case(
        False, DecisionBasis.PROHIBITION, "market and opinion research", purpose="satisfaction_survey",
        consents=[consent("satisfaction_survey", method=ConsentMethod.ORAL)],
        prohibitions=[(MR, D(2026, 2, 1), None)]),
    "direct-marketing prohibition does not stop disclosure to next of kin": Case(
        True, C, "Consent given", purpose="next_of_kin_disclosure", recipient="kin",
        consents=[consent("next_of_kin_disclosure", method=ConsentMethod.ORAL, recipient="kin")],
        prohibitions=[(DM, D(2026, 1, 1), None)]),
    # Art 18: a restricted client is excluded from every consent-based use and from marketing.
    "restricted client with a written consent": Case(False, DecisionBasis.RESTRICTION, "GDPR Art 18",
                                                     consents=[consent()], restricted=True),
    "restricted client and address lists": Case(False, DecisionBasis.RESTRICTION, "restricted",
                                                purpose="address_list_publication", restricted=True),
    # Seed 000: "julkaista ... luettelona, ellei asiakas sitä erityisesti kiellä"
    "address list without consent, not prohibited": Case(True, DecisionBasis.NOT_PROHIBITED,
                                                         "has not prohibited it",
                                                         purpose="address_list_publication"),
    "address list prohibited": Case(False, DecisionBasis.PROHIBITION, "publication in address lists",
                                    purpose="address_list_publication",
                                    prohibitions=[(AL, D(2026, 3, 1), None)]),
    # Seed 003: "Asiakkaan huoltaja, muu laillinen edustaja sekä asiakkaan lähiomainen voivat saada
    # tietoja, jos asiakas on antanut tähän suostumuksensa."
    "next of kin with the client's consent": Case(
        True, C, "Consent given", purpose="next_of_kin_disclosure", recipient="kin",
        consents=[consent("next_of_kin_disclosure", method=ConsentMethod.ORAL, recipient="kin")]),
    "next of kin without consent": Case(
        False, NOPE, "Next of kin receive information only with the client's consent",
        purpose="next_of_kin_disclosure", recipient="kin"),
    "the consent names another relative": Case(
        False, NOPE, "Next of kin receive information only with the client's consent",
        purpose="next_of_kin_disclosure", recipient="kin",
        consents=[consent("next_of_kin_disclosure", recipient="kin2")]),
    "naming a law does not make a relative a law-based recipient": Case(
        False, NOPE, "only with the client's consent", purpose="next_of_kin_disclosure", recipient="kin",
        legal_basis="Sosiaalihuoltolaki 1301/2014"),
    "next-of-kin purpose asked without a recipient": Case(
        False, DecisionBasis.INVALID, "Choose the recipient", purpose="next_of_kin_disclosure"),
    # Seed 003: the minor's prohibition of disclosure to a guardian.
    "guardian with consent, but the minor has prohibited it": Case(
        False, DecisionBasis.GUARDIAN_PROHIBITION, "The minor has prohibited", born=CHILD_BORN,
        purpose="guardian_disclosure", recipient="guardian", guardian_prohibited=True,
        consents=[consent("guardian_disclosure", recipient="guardian")]),
    "guardian's consent for a minor in force": Case(
        True, C, "on the client's behalf by Anna Mäkinen", born=CHILD_BORN,
        purpose="fetch_from_other_controllers",
        consents=[consent("fetch_from_other_controllers", by=GivenBy.GUARDIAN)]),
    "guardian's consent lapses when the client turns 18": Case(
        False, NOPE, "guardianship ended when the client turned 18 (10.03.2027)", born=CHILD_BORN,
        on=AS_ADULT, purpose="fetch_from_other_controllers",
        consents=[consent("fetch_from_other_controllers", by=GivenBy.GUARDIAN)]),
    "consent recorded as a guardian's for an adult": Case(
        False, NOPE, "who was not a valid guardian", purpose="fetch_from_other_controllers",
        consents=[consent("fetch_from_other_controllers", by=GivenBy.GUARDIAN)]),
    "legal representative's consent in force": Case(
        True, C, "by Eero Edunvalvoja", purpose="fetch_from_other_controllers",
        consents=[consent("fetch_from_other_controllers", D(2025, 2, 1), by=GivenBy.LEGAL_REPRESENTATIVE)]),
    "legal representative's consent from before the appointment": Case(
        False, NOPE, "who was not a valid legal representative", purpose="fetch_from_other_controllers",
        consents=[consent("fetch_from_other_controllers", D(2024, 6, 1), by=GivenBy.LEGAL_REPRESENTATIVE)]),
    # Seed 003: "Asiakkaan kirjallisella suostumuksella tai nimenomaisen lainsäännöksen perusteella
    # voidaan luovuttaa tietoja asiakkaan palvelusuunnitelmaan kirjatuille viranomaisille"
    "law-based disclosure to an authority": Case(
        True, LAW, "Disclosure based on law: Lastensuojelulaki 25 §", purpose="authority_disclosure",
        recipient=AUTHORITY, legal_basis="Lastensuojelulaki 25 §"),
    "authority with neither law nor consent": Case(
        False, NOPE, "No consent", purpose="authority_disclosure", recipient=AUTHORITY),
    "authority named in a written consent": Case(
        True, C, "Consent given", purpose="authority_disclosure", recipient="kunnan SOSIAALITOIMI",
        consents=[consent("authority_disclosure", recipient=AUTHORITY)]),
    "the consent names another authority": Case(
        False, NOPE, "No consent", purpose="authority_disclosure", recipient="Lastenneuvola",
        consents=[consent("authority_disclosure", recipient=AUTHORITY)]),
    "law-based disclosure of a restricted client": Case(
        False, LAW, "restricted", purpose="authority_disclosure", recipient=AUTHORITY,
        legal_basis="Lastensuojelulaki 25 §", restricted=True),
    "deceased client": Case(False, DecisionBasis.CLIENT_STATUS, "The client died on 01.03.2026",
                            consents=[consent()], died=D(2026, 3, 1)),
    # Seed 004: "yhteydenpito nykyisiin, entisiin sekä mahdollisesti tuleviin asiakkaisiin"
    "a former client's consent still holds": Case(True, C, "Consent given", consents=[consent()],
                                                  relationship_ended=D(2026, 1, 1)),
    "unknown purpose": Case(False, DecisionBasis.INVALID, "no consent purpose “horoscopes”",
                            purpose="horoscopes"),
    "purpose of another register": Case(False, DecisionBasis.INVALID, "purpose of another register",
                                        purpose="other-register"),
    "purpose no longer in use": Case(False, DecisionBasis.INVALID, "no longer in use",
                                     consents=[consent()], retired="email_marketing"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_use_decision(case: Case, contact, register, purposes):
    client = make_client(contact, register, born=case.born, sign="-" if case.born.year < 2000 else "A",
                         restricted=case.restricted, date_of_death=case.died,
                         relationship_ended=case.relationship_ended)
    people = {
        "kin": Representative.objects.create(client=client, role="next_of_kin", first_names="Liisa",
                                             last_name="Mäkinen", valid_from=D(2024, 1, 1)),
        "kin2": Representative.objects.create(client=client, role="next_of_kin", first_names="Pekka",
                                              last_name="Mäkinen", valid_from=D(2024, 1, 1)),
        "guardian": Representative.objects.create(
            client=client, role="guardian", first_names="Anna", last_name="Mäkinen", valid_from=case.born,
            disclosure_prohibited=case.guardian_prohibited,
            prohibition_assessed_on=D(2026, 2, 2) if case.guardian_prohibited else None),
        "legal": Representative.objects.create(client=client, role="legal_representative",
                                               first_names="Eero", last_name="Edunvalvoja",
                                               valid_from=D(2025, 1, 1)),
    }
    by_role = {GivenBy.GUARDIAN: people["guardian"], GivenBy.LEGAL_REPRESENTATIVE: people["legal"]}
    for spec in case.consents:
        recipient = people.get(spec["recipient"] or "")
        Consent.objects.create(
            client=client, purpose=purposes[spec["purpose"]], method=spec["method"], given_by=spec["by"],
            given_by_representative=by_role.get(spec["by"]), recipient_representative=recipient,
            recipient_name=recipient.full_name if recipient else (spec["recipient"] or ""),
            given_at=at(spec["given"], 9), recorded_by=contact, recorded_at=at(spec["given"], 9),
            withdrawn_at=at(spec["withdrawn"], 8) if spec["withdrawn"] else None,
            withdrawn_by=contact if spec["withdrawn"] else None,
        )
    for kind, given, lifted in case.prohibitions:
        Prohibition.objects.create(client=client, kind=kind, given_at=at(given), recorded_by=contact,
                                   recorded_at=at(given), lifted_at=at(lifted) if lifted else None)
    if case.retired:
        ConsentPurpose.objects.filter(pk=purposes[case.retired].pk).update(active=False)
    purpose: Any = case.purpose
    if purpose == "other-register":
        purpose = ConsentPurpose.objects.create(register=make_register(register.controller),
                                                code="email_marketing", name="Toisen rekisterin markkinointi")
    recipient = people.get(case.recipient or "", case.recipient)  # type: ignore[arg-type]

    decision = use_decision(client=client, purpose=purpose, recipient=recipient, on=case.on,
                            legal_basis=case.legal_basis)

    assert (decision.allowed, decision.basis) == (case.allowed, case.basis), decision.reason
    assert case.reason in decision.reason
    assert bool(decision) is case.allowed
    if case.basis == C:
        assert decision.consent is not None and decision.allowed


def test_the_table_has_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_decision_accepts_the_purpose_or_its_code(contact, register, purposes):
    client = make_client(contact, register)
    Consent.objects.create(client=client, purpose=purposes["newsletter"], method="electronic",
                           given_at=at(D(2025, 1, 1)), recorded_by=contact, recorded_at=at(D(2025, 1, 1)))
    by_code = use_decision(client=client, purpose="newsletter", on=ON)
    by_object = use_decision(client=client, purpose=purposes["newsletter"], on=ON)
    assert by_code.allowed and by_object.allowed and by_code.consent == by_object.consent


def test_decision_is_the_single_entry_point():
    """Every path that uses or discloses data asks `use_decision`; no other module of ours reads
    consents to decide (grep-able: the only definition is in consents/selectors.py)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    definitions = [p for app in ("clients", "consents", "requests", "retention", "config")
                   for p in (root / app).rglob("*.py") if "def use_decision(" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(root).as_posix() for p in definitions] == ["consents/selectors.py"]
    services = (root / "consents" / "services.py").read_text(encoding="utf-8")
    assert "use_decision(" in services.split("def disclosure_with_consent", 1)[1].split("\ndef ", 1)[0]
    selectors = (root / "consents" / "selectors.py").read_text(encoding="utf-8")
    assert "use_decision(client=client, purpose=purpose, on=on)" in selectors.split(
        "def marketing_list", 1)[1]


# The same decision asked by the kind of recipient, as a disclosure recorded in the client file
# asks it (clients.services.disclosure_record): a law named for a recipient the law covers, or a
# consent under one of the register's purposes for that recipient.
@dataclass
class RecipientCase:
    allowed: bool
    basis: str
    reason: str
    kind: str
    recipient: str | None = None  # "kin", "guardian", "legal", or a name
    legal_basis: str = ""
    restricted: bool = False
    ground: str = ""
    born: D = D(1950, 5, 17)
    consent_purpose: str | None = None
    guardian_prohibited: bool = False
    direction: str = "out"


RECIPIENT_CASES = {
    "court, with the law named": RecipientCase(True, LAW, "Oikeudenkäymiskaari 17:18", "court",
                                               "Helsingin käräjäoikeus", "Oikeudenkäymiskaari 17:18"),
    "court, no law named": RecipientCase(False, NOPE, "Name the law", "court", "Helsingin käräjäoikeus"),
    "police, with the law named": RecipientCase(True, LAW, "Sosiaalihuoltolaki 1301/2014",
                                                "police", "Sisä-Suomen poliisilaitos",
                                                "Sosiaalihuoltolaki 1301/2014 35 §"),
    "police, no law named": RecipientCase(False, NOPE, "Name the law", "police", "Poliisi"),
    "Kela, with the law named": RecipientCase(True, LAW, "Laki 703/2023", "kela", "Kela",
                                              "Laki 703/2023 17 §"),
    "Kela, no law named": RecipientCase(False, NOPE, "Name the law", "kela", "Kela"),
    "authority, with the law named": RecipientCase(True, LAW, "Lastensuojelulaki 25 §", "authority",
                                                   AUTHORITY, "Lastensuojelulaki 25 §"),
    # Seed 003: "Asiakkaan kirjallisella suostumuksella ... voidaan luovuttaa tietoja asiakkaan
    # palvelusuunnitelmaan kirjatuille viranomaisille"
    "authority named in the client's written consent, no law": RecipientCase(
        True, C, "Consent given", "authority", AUTHORITY, consent_purpose="authority_disclosure"),
    "authority, neither law nor consent": RecipientCase(False, NOPE, "No consent", "authority", AUTHORITY),
    # Seed 003: "Asiakkaan huoltaja, muu laillinen edustaja sekä asiakkaan lähiomainen voivat saada
    # tietoja, jos asiakas on antanut tähän suostumuksensa."
    "next of kin with the client's consent": RecipientCase(True, C, "Consent given", "next_of_kin", "kin",
                                                           consent_purpose="next_of_kin_disclosure"),
    "next of kin without consent, a law named": RecipientCase(
        False, NOPE, "only with the client's consent", "next_of_kin", "kin", "Sosiaalihuoltolaki"),
    "guardian of a minor, the law named": RecipientCase(True, LAW, "Laki 812/2000 11 §", "guardian", "guardian",
                                                        "Laki 812/2000 11 §", born=CHILD_BORN),
    "guardian the minor has prohibited, the law named": RecipientCase(
        False, DecisionBasis.GUARDIAN_PROHIBITION, "The minor has prohibited", "guardian", "guardian",
        "Laki 812/2000 11 §", born=CHILD_BORN, guardian_prohibited=True),
    "guardian of an adult": RecipientCase(False, LAW, "is not a valid representative", "guardian", "guardian",
                                          "Laki 812/2000 11 §"),
    "legal representative, the law named": RecipientCase(True, LAW, "Holhoustoimilaki", "legal_representative",
                                                         "legal", "Holhoustoimilaki 442/1999 37 §"),
    "a next of kin offered as a legal representative": RecipientCase(
        False, LAW, "not recorded in that role", "legal_representative", "kin", "Holhoustoimilaki"),
    "police about a restricted client, no Art 18(2) ground": RecipientCase(
        False, LAW, "restricted", "police", "Poliisi", "Poliisilaki 4:2", restricted=True),
    "police about a restricted client, another person's rights": RecipientCase(
        True, LAW, "Poliisilaki 4:2", "police", "Poliisi", "Poliisilaki 4:2", restricted=True,
        ground="other_person"),
    "a consent does not carry a restricted client's disclosure": RecipientCase(
        False, DecisionBasis.RESTRICTION, "GDPR Art 18", "next_of_kin", "kin", restricted=True,
        consent_purpose="next_of_kin_disclosure"),
    "another controller: a consent to fetch is not a consent to disclose": RecipientCase(
        False, NOPE, "no consent purpose for such a recipient", "other_controller", "Toinen Oy",
        consent_purpose="fetch_from_other_controllers"),
    # Seed 001: data fetched from other controllers needs the client's consent.
    "data fetched from another controller with consent": RecipientCase(
        True, C, "Consent given", "other_controller", "Toinen Oy", direction="in",
        consent_purpose="fetch_from_other_controllers"),
    "data fetched from another controller without consent": RecipientCase(
        False, NOPE, "No consent", "other_controller", "Toinen Oy", direction="in"),
    "data an authority sent": RecipientCase(True, DecisionBasis.NOT_PROHIBITED, "recorded", "authority",
                                            AUTHORITY, direction="in"),
}


@pytest.mark.parametrize("case", RECIPIENT_CASES.values(), ids=RECIPIENT_CASES.keys())
def test_use_decision_by_kind_of_recipient(case: RecipientCase, contact, register, purposes):
    client = make_client(contact, register, born=case.born, sign="-" if case.born.year < 2000 else "A",
                         restricted=case.restricted)
    people = {
        "kin": Representative.objects.create(client=client, role="next_of_kin", first_names="Liisa",
                                             last_name="Mäkinen", valid_from=D(2024, 1, 1)),
        "guardian": Representative.objects.create(
            client=client, role="guardian", first_names="Anna", last_name="Mäkinen", valid_from=case.born,
            disclosure_prohibited=case.guardian_prohibited,
            prohibition_assessed_on=D(2026, 2, 2) if case.guardian_prohibited else None),
        "legal": Representative.objects.create(client=client, role="legal_representative",
                                               first_names="Eero", last_name="Edunvalvoja",
                                               valid_from=D(2025, 1, 1)),
    }
    recipient: Any = people.get(case.recipient or "", case.recipient)
    if case.consent_purpose:
        named = recipient if isinstance(recipient, Representative) else None
        needs_name = purposes[case.consent_purpose].needs_recipient
        Consent.objects.create(
            client=client, purpose=purposes[case.consent_purpose], method="written",
            recipient_representative=named,
            recipient_name=named.full_name if named else (str(recipient) if needs_name else ""),
            given_at=at(GIVEN, 9), recorded_by=contact, recorded_at=at(GIVEN, 9))

    decision = use_decision(client=client, recipient_kind=case.kind, recipient=recipient, on=ON,
                            legal_basis=case.legal_basis, restriction_ground=case.ground,
                            direction=case.direction)

    assert (decision.allowed, decision.basis) == (case.allowed, case.basis), decision.reason
    assert case.reason in decision.reason


def test_every_new_kind_of_recipient_is_in_the_table():
    kinds = {case.kind for case in RECIPIENT_CASES.values()}
    assert {"authority", "court", "police", "kela", "next_of_kin", "guardian", "legal_representative"} <= kinds
