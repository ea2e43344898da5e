"""The register contact's desk (issue 20): the request page as the handler works it, releases
only after the decision, and the dates a desk must get right."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients import services as client_services
from clients.constants import AccessKind
from clients.models import AccessEntry
from requests import selectors, services
from requests.constants import RequestType
from tests.fixtures import at

TODAY = datetime.date(2026, 11, 21)


def register_request(actor, person, *, type=RequestType.ACCESS, received_on=TODAY, today=TODAY, **extra):
    extra.setdefault("channel", "signed_letter")
    return services.request_register(actor=actor, client=person, type=type, received_on=received_on,
                                     submission_key=uuid.uuid4(), today=today, **extra)


def verified_request(actor, person, **kwargs):
    dsr = register_request(actor, person, **kwargs)
    return services.request_verify_identity(actor=actor, request=dsr, method="photo_id")


# Dates --------------------------------------------------------------------------------------

def test_access_log_report_on_29_february_2028_covers_the_two_years_back(db, contact, caseworker, client_a):
    """On a leap day, two years back is 28 February 2026 (there is no 29 February 2026): the
    report is made, with the views since then and none older."""
    leap_day = datetime.date(2028, 2, 29)
    dsr = verified_request(contact, client_a, type=RequestType.ACCESS_LOG,
                           received_on=datetime.date(2028, 2, 20), today=leap_day)
    for day in (datetime.date(2026, 2, 27), datetime.date(2026, 2, 28), datetime.date(2027, 6, 1)):
        client_services.access_record(user=caseworker, client=client_a, kind=AccessKind.CLIENT_FILE)
        AccessEntry.objects.filter(pk=AccessEntry.objects.latest("pk").pk).update(at=at(day))

    report = selectors.access_log_report(dsr, now=at(leap_day))

    assert report.since is not None and report.since.date() == datetime.date(2026, 2, 28)
    assert sorted(entry.at.date() for entry in report.entries) == [
        datetime.date(2026, 2, 28), datetime.date(2027, 6, 1)]


# The request page: only the forms a request type needs ---------------------------------------

def decide_form_fields(page_html: str) -> set[str]:
    import re
    return set(re.findall(r'name="decide-([a-z_]+)"', page_html))


def test_each_request_type_shows_only_the_parts_of_a_decision_it_needs(client, contact, client_a):
    """An erasure request has no redactions, no old-log reason and no fee; an access-log request
    asks for the special reason for old entries; only an access request can carry a fee."""
    client.force_login(contact)
    erasure = verified_request(contact, client_a, type=RequestType.ERASURE)
    access_log = verified_request(contact, client_a, type=RequestType.ACCESS_LOG)
    access = verified_request(contact, client_a, type=RequestType.ACCESS)

    erasure_fields = decide_form_fields(client.get(f"/requests/{erasure.pk}/").content.decode())
    log_fields = decide_form_fields(client.get(f"/requests/{access_log.pk}/").content.decode())
    access_fields = decide_form_fields(client.get(f"/requests/{access.pk}/").content.decode())

    assert erasure_fields == {"outcome", "decision", "refusal_reasons"}
    assert log_fields == {"outcome", "decision", "refusal_reasons", "redactions", "no_redactions_needed",
                          "old_logs_reason"}
    assert access_fields == {"outcome", "decision", "refusal_reasons", "redactions", "no_redactions_needed",
                             "fee_ground", "fee_amount", "fee_reasons"}


def test_lifting_a_restriction_is_offered_only_where_the_restriction_waited_for_the_request(
        client, contact, client_a):
    client_services.client_restrict(actor=contact, client=client_a, reason="Tietojen oikeellisuus kiistetty")
    client.force_login(contact)
    rectification = verified_request(contact, client_a, type=RequestType.RECTIFICATION)
    access = verified_request(contact, client_a, type=RequestType.ACCESS)

    assert "lift_restriction" in decide_form_fields(client.get(f"/requests/{rectification.pk}/").content.decode())
    assert "lift_restriction" not in decide_form_fields(client.get(f"/requests/{access.pk}/").content.decode())
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=access, outcome="granted", decision="Annettu",
                                no_redactions_needed=True, lift_restriction=True)
    client_a.refresh_from_db()
    assert client_a.restricted


def test_a_caseworker_sees_no_handling_forms(client, caseworker, contact, client_a):
    dsr = verified_request(contact, client_a, type=RequestType.ACCESS)
    client.force_login(caseworker)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert 'name="action"' not in page and not decide_form_fields(page)
    assert "Access report (PDF)" not in page


def test_the_free_copy_rule_shows_on_access_requests_only_and_never_the_repealed_once_a_year(
        client, contact, client_a):
    """GDPR Art 15(3), CJEU C-307/22: the first copy is free; the Personal Data Act 523/1999 § 26
    "one free access a year" is repealed and not a reason on any page."""
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    earlier = register_request(contact, client_a, type=RequestType.ACCESS, received_on=datetime.date(2026, 3, 1))
    access = register_request(contact, client_a, type=RequestType.ACCESS)
    erasure = register_request(contact, client_a, type=RequestType.ERASURE)
    access_log = register_request(contact, client_a, type=RequestType.ACCESS_LOG)
    assert earlier.pk

    access_page = client.get(f"/requests/{access.pk}/").content.decode()
    assert "The first copy is always free" in access_page
    assert "1 other access request in the previous 12 months" in access_page
    for other in (erasure, access_log):
        page = client.get(f"/requests/{other.pk}/").content.decode()
        assert "The first copy is always free" not in page and "access request in the previous" not in page
    for page in (access_page,):
        assert "one a year is free" not in page


def test_the_first_copy_cannot_be_charged_and_a_fee_is_a_decision_with_its_ground_and_reasons(
        db, contact, client_a):
    from decimal import Decimal
    first = verified_request(contact, client_a, type=RequestType.ACCESS, received_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="first copy is always free"):
        services.request_decide(actor=contact, request=first, outcome="granted", decision="Annettu",
                                no_redactions_needed=True, fee_ground="further_copy", fee_amount=Decimal("20"),
                                fee_reasons="Toinen kopio")
    second = verified_request(contact, client_a, type=RequestType.ACCESS)
    with pytest.raises(ValidationError, match="reasons for the fee"):
        services.request_decide(actor=contact, request=second, outcome="granted", decision="Annettu",
                                no_redactions_needed=True, fee_ground="further_copy", fee_amount=Decimal("20"))

    services.request_decide(actor=contact, request=second, outcome="granted", decision="Annettu",
                            no_redactions_needed=True, fee_ground="further_copy", fee_amount=Decimal("20"),
                            fee_reasons="Toinen kopio samoista tiedoista kahdeksan kuukauden sisällä.")

    second.refresh_from_db()
    assert (second.fee_ground, second.fee_amount) == ("further_copy", Decimal("20.00"))
    erasure = verified_request(contact, client_a, type=RequestType.ERASURE)
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=erasure, outcome="refused", decision="Ei",
                                refusal_reasons="Lakisääteinen säilytys", fee_ground="excessive",
                                fee_amount=Decimal("50"), fee_reasons="Toistuva")


# Release only what was decided ------------------------------------------------------------------

def test_a_release_before_the_decision_is_refused_and_nothing_is_handed_out(client, contact, client_a):
    """The attack seen on the desk: a verified, undecided access request downloaded before any
    redaction was entered. Nothing is made, disclosed or recorded."""
    from clients.models import Disclosure
    from requests import outputs
    from requests.models import Release

    dsr = verified_request(contact, client_a, type=RequestType.ACCESS)
    with pytest.raises(ValidationError, match="Decide the request first"):
        outputs.access_report_pdf(actor=contact, request=dsr)
    with pytest.raises(ValidationError, match="Decide the request first"):
        outputs.portability_zip(actor=contact, request=dsr)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    response = client.post(f"/requests/{dsr.pk}/access-report.pdf", follow=True)

    assert response["Content-Type"].startswith("text/html")
    assert "Decide the request first" in response.content.decode()
    assert not Disclosure.objects.filter(client=client_a).exists() and not Release.objects.exists()
    log_request = verified_request(contact, client_a, type=RequestType.ACCESS_LOG)
    with pytest.raises(ValidationError, match="Decide the request first"):
        outputs.access_log_pdf(actor=contact, request=log_request)


def test_a_decision_to_release_records_the_redactions_or_that_none_are_needed(db, contact, client_a):
    dsr = verified_request(contact, client_a, type=RequestType.PORTABILITY)
    with pytest.raises(ValidationError, match="no redactions are needed"):
        services.request_decide(actor=contact, request=dsr, outcome="granted", decision="Annettu")
    with pytest.raises(ValidationError, match="not both"):
        services.request_decide(actor=contact, request=dsr, outcome="granted", decision="Annettu",
                                redactions="Liisa Laine | Sivullinen", no_redactions_needed=True)
    services.request_decide(actor=contact, request=dsr, outcome="granted", decision="Annettu",
                            no_redactions_needed=True)
    dsr.refresh_from_db()
    assert dsr.no_redactions_needed and selectors.release_refusal(dsr, types=[RequestType.PORTABILITY]) is None


def test_every_released_document_is_kept_as_released_and_listed_on_the_request_page(
        client, contact, caseworker, client_a):
    """Each hand-out: its SHA-256 matches the bytes the requester got, with the redactions
    applied, the recipient (the disclosure) and the date; the request page lists them."""
    import hashlib

    from clients.services import file as file_services
    from requests.models import Release

    file_services.entry_record(actor=caseworker, client=client_a, date=datetime.date(2026, 10, 1),
                               duration_minutes=10, content="Naapuri Liisa Laine soitti.")
    dsr = verified_request(contact, client_a, type=RequestType.ACCESS)
    services.request_decide(actor=contact, request=dsr, outcome="partially_refused", decision="Annettu",
                            refusal_reasons="Sivullisen henkilöllisyys salassa.",
                            redactions="Liisa Laine | Ilmoittajan henkilöllisyys (sivullinen)")
    client.force_login(contact)
    client.cookies["django_language"] = "en"

    report = client.post(f"/requests/{dsr.pk}/access-report.pdf")
    zipped = client.post(f"/requests/{dsr.pk}/portability.zip")

    assert report.status_code == 200 and zipped.status_code == 200
    releases = list(Release.objects.filter(request=dsr).order_by("pk"))
    assert [r.document for r in releases] == ["access_report", "portability"]
    assert [r.sha256 for r in releases] == [hashlib.sha256(report.content).hexdigest(),
                                            hashlib.sha256(zipped.content).hexdigest()]
    assert releases[0].redaction_reasons == "Ilmoittajan henkilöllisyys (sivullinen)"
    assert releases[0].released_by == contact and releases[0].disclosure.recipient_name == client_a.display_name
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Documents released" in page and releases[0].sha256 in page and releases[1].sha256 in page
    assert "Ilmoittajan henkilöllisyys (sivullinen)" in page


# Unverifiable identity (GDPR Art 11(2), 12(2)) -------------------------------------------------

def test_a_requester_who_never_proves_identity_is_refused_with_reasons_and_the_client_is_no_longer_held(
        client, contact, client_a):
    """Seen on the desk: such a request could never be closed, stayed overdue and held the client
    against the nightly run."""
    import io

    from pypdf import PdfReader

    from clients.models import Disclosure

    dsr = register_request(contact, client_a, type=RequestType.ACCESS, received_on=datetime.date(2026, 9, 1))
    assert list(selectors.clients_with_open_requests()) == [client_a]
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert 'value="refuse_unverified"' in page and "11(2)" in page

    response = client.post(f"/requests/{dsr.pk}/", {
        "action": "refuse_unverified",
        "refuse_unverified-reasons": "Henkilöllisyyttä ei voitu todentaa: kuvallista henkilötodistusta "
                                     "pyydettiin 5.9.2026, sitä ei esitetty."})

    assert response.status_code == 302
    dsr.refresh_from_db()
    assert not dsr.is_open and dsr.outcome == "refused" and "kuvallista" in dsr.refusal_reasons
    assert not selectors.clients_with_open_requests().exists()
    letter = client.post(f"/requests/{dsr.pk}/refusal-certificate.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages).split())
    assert "kuvallista henkilötodistusta" in text and "Tietosuojavaltuut" in text
    assert client_a.identity_code not in text
    assert not Disclosure.objects.filter(client=client_a).exists()  # nothing of the client released
    assert dsr.releases.get().document == "refusal_certificate"


def test_refusal_for_unverified_identity_needs_reasons_an_unverified_request_and_a_handler(
        db, contact, caseworker, client_a):
    dsr = register_request(contact, client_a)
    with pytest.raises(ValidationError):
        services.request_refuse_unverified(actor=contact, request=dsr, reasons=" ")
    with pytest.raises(Exception):  # noqa: B017 - a caseworker does not handle requests
        services.request_refuse_unverified(actor=caseworker, request=dsr, reasons="Ei todennettu")
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    with pytest.raises(ValidationError, match="verified"):
        services.request_refuse_unverified(actor=contact, request=dsr, reasons="Ei todennettu")
    dsr.refresh_from_db()
    assert dsr.is_open


# Request history --------------------------------------------------------------------------------

def test_closed_requests_are_found_in_the_queue_by_state_type_handler_register_date_and_client(
        client, contact, caseworker, client_a, client_b, register):
    """Seen on the desk: a closed request was findable nowhere in the app."""
    from tests.conftest import make_client
    other = make_client(caseworker, register, last_name="Virtanen", first_names="Ville")
    closed = verified_request(contact, client_a, type=RequestType.ERASURE, received_on=datetime.date(2026, 6, 1))
    services.request_decide(actor=contact, request=closed, outcome="refused", decision="Ei",
                            refusal_reasons="Lakisääteinen säilytys")
    open_one = register_request(contact, other, type=RequestType.ACCESS, received_on=datetime.date(2026, 11, 2))
    client.force_login(contact)

    def listed(query: str) -> set[int]:
        rows = client.get(f"/requests/?{query}").context["rows"]
        return {row.request.pk for row in rows}

    assert listed("") == {open_one.pk}  # the queue: open requests
    assert listed("state=completed") == {closed.pk}
    assert listed("state=all") == {closed.pk, open_one.pk}
    assert listed("state=all&type=erasure") == {closed.pk}
    assert listed(f"state=all&handler={contact.pk}") == {closed.pk}
    assert listed(f"state=all&register={register.pk}") == {closed.pk, open_one.pk}
    assert listed("state=all&received_from=2026-10-01") == {open_one.pk}
    assert listed("state=all&received_to=2026-10-01") == {closed.pk}
    assert listed("state=all&q=virtanen") == {open_one.pk}
    # One click from the client file: its requests, closed ones too.
    file_page = client.get(client_a.get_absolute_url()).content.decode()
    link = f"/requests/?state=all&amp;client={client_a.pk}"
    assert link in file_page
    assert listed(f"state=all&client={client_a.pk}") == {closed.pk}


def test_a_handler_is_assigned_from_the_organisations_register_contacts_and_admins_only(
        client, contact, admin_user, caseworker, other_contact, client_a):
    dsr = register_request(contact, client_a)
    client.force_login(contact)
    assert client.post(f"/requests/{dsr.pk}/", {"action": "assign", "assign-handler": admin_user.pk}).status_code == 302
    dsr.refresh_from_db()
    assert dsr.handler == admin_user
    for outsider in (caseworker, other_contact):
        with pytest.raises(ValidationError):
            services.request_assign(actor=contact, request=dsr, handler=outsider)
    dsr.refresh_from_db()
    assert dsr.handler == admin_user


def test_internal_notes_keep_author_and_time_and_stay_off_the_caseworkers_page_and_the_requester_documents(
        client, contact, caseworker, client_a):
    dsr = register_request(contact, client_a)
    client.force_login(contact)
    client.post(f"/requests/{dsr.pk}/", {"action": "note", "note-text": "Soitin asiakkaalle, henkilökortti tulossa."})

    note = dsr.notes.get()
    assert note.author == contact and note.written_at is not None
    assert "henkilökortti tulossa" in client.get(f"/requests/{dsr.pk}/").content.decode()
    client.force_login(caseworker)
    assert "henkilökortti tulossa" not in client.get(f"/requests/{dsr.pk}/").content.decode()
    with pytest.raises(Exception):  # noqa: B017 - a caseworker does not handle requests
        services.request_note_add(actor=caseworker, request=dsr, text="Yritys")


# Outputs in the client's language ---------------------------------------------------------------

def test_a_swedish_speaking_clients_documents_come_out_in_swedish_whatever_the_handlers_language(
        client, contact, client_a):
    """Seen on the desk: a Swedish-speaking client's access report and refusal certificate came
    out in Finnish unless the handler switched the interface language."""
    import io

    from pypdf import PdfReader

    from requests import outputs

    client_a.preferred_language = "sv"
    client_a.save(update_fields=["preferred_language"])
    dsr = verified_request(contact, client_a, type=RequestType.ACCESS)
    services.request_decide(actor=contact, request=dsr, outcome="partially_refused", decision="Beslut",
                            refusal_reasons="Tredje parts uppgifter", no_redactions_needed=True)
    client.force_login(contact)
    client.cookies["django_language"] = "fi"  # the handler works in Finnish

    report = client.post(f"/requests/{dsr.pk}/access-report.pdf")
    certificate = outputs.refusal_certificate_pdf(actor=contact, request=dsr)

    def text(content: bytes) -> str:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())

    assert "Insynsrapport" in text(report.content)
    assert "Tarkastusraportti" not in text(report.content)
    assert "Intyg om vägran" in text(certificate)
    assert "Kieltäytymistodistus" not in text(certificate)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Luovutetut asiakirjat" in page  # the handler's own page stays in Finnish


def test_the_access_log_report_states_the_purpose_of_each_view_and_the_basis_of_each_disclosure(
        client, contact, caseworker, client_a):
    """Act 703/2023 § 11: the client learns who looked, and why; who received, and on what basis."""
    import io

    from pypdf import PdfReader

    from clients.constants import RecipientKind
    from requests import outputs

    client_services.access_record(user=caseworker, client=client_a, kind=AccessKind.CLIENT_FILE,
                                  purpose="Kotikäynnin valmistelu")
    client_services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
                                      recipient_name="Kela", content="Päätös", legal_basis="Laki 703/2023")
    dsr = verified_request(contact, client_a, type=RequestType.ACCESS_LOG)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/access-log/").content.decode()
    assert "Purpose" in page and "Kotikäynnin valmistelu" in page and "Laki 703/2023" in page

    services.request_decide(actor=contact, request=dsr, outcome="granted", decision="Annettu",
                            no_redactions_needed=True)
    content = outputs.access_log_pdf(actor=contact, request=dsr)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "Käyttötarkoitus" in text  # the client is Finnish-speaking
    assert "Kotikäynnin valmistelu" in text and "Laki 703/2023" in text


def test_the_access_report_states_the_enforced_retention_rules_and_the_clients_own_due_date(
        db, contact, client_a):
    """GDPR Art 15(1)(d): the period for which the data will be stored. Seen on the desk: the
    report read "Säilytysajat: –" although the client file names the rule."""
    import io

    from pypdf import PdfReader

    from requests import outputs
    from retention import selectors as retention_selectors

    rules = retention_selectors.rules_for_notice(client_a.register)
    status = retention_selectors.client_retention(client_a, retention_selectors.client_file_rules(),
                                                  timezone.localdate())
    client_a.preferred_language = "en"
    client_a.save(update_fields=["preferred_language"])
    dsr = verified_request(contact, client_a)
    services.request_decide(actor=contact, request=dsr, outcome="granted", decision="Annettu",
                            no_redactions_needed=True)

    content = outputs.access_report_pdf(actor=contact, request=dsr)

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert rules, "the test register has enforced rules"
    for rule in rules:
        assert rule.name in text
    if status.no_rule:
        assert "No retention rule applies to this client" in text
    elif status.waiting_for:
        assert "Not due for removal yet: waiting for" in text
    else:
        assert f"To be removed on {status.due_on:%-d.%-m.%Y} at the earliest" in text
