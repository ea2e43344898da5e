"""Issue 19, must show: "A test that walks every output path of a client who is restricted,
prohibited towards a guardian and address-protected, and checks that each refuses or leaves out
what it must."

Seed 003: "Jos alaikäinen asiakas ikäänsä ja kehitystasoonsa nähden kykenee päättämään
asiakkuudestaan ja tiedon antamatta jättäminen ei vaaranna lapsen (psyykkistä tai fyysistä)
kasvua ja kehitystä, hänellä on oikeus kieltää asiakkuuttansa koskevien tietojen antaminen
huoltajalleen tai muulle lailliselle edustajalleen."

The walk goes over every URL of the project (`test_every_url_of_the_project_is_walked`): each
URL name is in ROUTES with what it hands out, so a new URL fails the walk until someone says
what it gives out, and a URL that hands out a file without being listed as an output fails it
too. The archive package is tested in tests/protection/test_archive_marking.py."""

import datetime
import io
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from clients import services as client_services
from clients.constants import AccessKind, Art18Ground, DocumentKind, ServiceTask
from clients.models import AccessEntry, Disclosure, ServiceEntry
from clients.selectors.breaches import breach_notice_letter_pdf
from clients.services import breaches as breach_services
from clients.services import file as file_services
from requests import jobs as request_jobs
from requests import outputs, services
from requests.constants import Outcome, RequesterRole, RequestType
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)
SECRETS = ("Piilokuja 4", "36200", "Kangasala")
# The other guardian carries turvakielto of her own (issue 19: "a client (or a person close to them)").
MOTHER_SECRETS = ("Salakatu 9", "33720")
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def walked(contact, caseworker, register, settings, tmp_path):
    """A 15-year-old, address-protected, who prohibited disclosure to one guardian and whose
    processing is restricted; the other guardian is not prohibited and has turvakielto herself.
    Her file has a plan, an agreement and a document, made before the restriction."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    child = make_client(caseworker, register, first_names="Ella", born=datetime.date(2011, 4, 4), sign="A",
                        street_address="Piilokuja 4", postal_code="36200", city="Kangasala",
                        municipality="Kangasala", address_protected=True)
    case = file_services.case_open(actor=caseworker, client=child, service_task=ServiceTask.CHILD_WELFARE,
                                   title="Perhetyö", opened_on=datetime.date(2026, 1, 2))
    file_services.granted_service_add(actor=caseworker, case=case, content="Perhetyö",
                                      valid_from=datetime.date(2026, 1, 2))
    file_services.entry_record(actor=caseworker, client=child, date=datetime.date(2026, 10, 1),
                               duration_minutes=30, content="Luottamuksellinen keskustelu.")
    prohibited = client_services.representative_save(
        actor=contact, client=child, today=TODAY, role="guardian", first_names="Isä", last_name="Mäkinen",
        valid_from=child.date_of_birth, disclosure_prohibited=True, prohibition_reasoning="Arvioitu tapaamisessa.")
    other = client_services.representative_save(
        actor=contact, client=child, today=TODAY, role="guardian", first_names="Äiti", last_name="Mäkinen",
        valid_from=child.date_of_birth, street_address="Salakatu 9", postal_code="33720", city="Tampere",
        address_protected=True)
    file_services.plan_version_create(
        actor=caseworker, client=child, client_view="Haluan apua.", service_and_need="Perhetyö",
        goals="Arki sujuu", review_on=datetime.date(2027, 1, 1), made_on=datetime.date(2026, 1, 5),
        place="Lempäälä")
    file_services.agreement_record(
        actor=caseworker, client=child, service="Perhetyö", agreed_matters="Käynnit kerran viikossa",
        valid_from=datetime.date(2026, 1, 5), made_on=datetime.date(2026, 1, 5), place="Lempäälä")
    client_services.document_upload(
        actor=caseworker, client=child, kind=DocumentKind.OTHER, title="Lausunto",
        document_date=datetime.date(2026, 2, 1),
        uploaded_file=SimpleUploadedFile("lausunto.pdf", PDF, content_type="application/pdf"))
    client_services.client_restrict(actor=contact, client=child, reason="Tietojen oikeellisuus kiistetty")
    return child, prohibited, other


def request_for(contact, child, *, type=RequestType.ACCESS, **extra):
    dsr = services.request_register(actor=contact, client=child, type=type, received_on=TODAY,
                                    channel="signed_letter", submission_key=uuid.uuid4(), today=TODAY, **extra)
    return services.request_verify_identity(actor=contact, request=dsr, method="photo_id")


def test_every_output_path_of_a_restricted_prohibited_address_protected_child(
        db, client, contact, caseworker, walked):
    child, prohibited, other = walked
    client.force_login(caseworker)

    # The client-file PDF: refused by the restriction; no new entry without an Art 18(2) ground.
    assert client.post(f"/clients/{child.pk}/pdf/").status_code == 403
    with pytest.raises(ValidationError):
        file_services.entry_record(actor=caseworker, client=child, date=TODAY, content="Uusi")

    # The list: "address protected", never the city.
    page = client.get("/clients/").content.decode()
    assert "Ella" in page and "Kangasala" not in page

    # The prohibited guardian: no access report, no export, only a refusal certificate without the data.
    for type in (RequestType.ACCESS, RequestType.PORTABILITY):
        dsr = request_for(contact, child, type=type, requester_role=RequesterRole.GUARDIAN,
                          representative=prohibited)
        with pytest.raises(ValidationError):
            services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="",
                                        no_redactions_needed=True)
        with pytest.raises(ValidationError):
            (outputs.access_report_pdf if type == RequestType.ACCESS else outputs.portability_zip)(
                actor=contact, request=dsr)
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.REFUSED, decision="Ei anneta.")
        text = pdf_text(outputs.refusal_certificate_pdf(actor=contact, request=dsr))
        assert "Luottamuksellinen keskustelu." not in text
        assert not any(secret in text for secret in SECRETS)
    assert not Disclosure.objects.filter(client=child, representative=prohibited).exists()

    # The other guardian: the report and the export come without the address and municipality.
    dsr = request_for(contact, child, requester_role=RequesterRole.GUARDIAN, representative=other)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan",
                            no_redactions_needed=True)
    text = pdf_text(outputs.access_report_pdf(actor=contact, request=dsr))
    assert "Ella" in text and not any(secret in text for secret in SECRETS + MOTHER_SECRETS)
    assert "Turvakielto: osoitetta ei luovuteta." in text  # the report is in the child's language, Finnish
    dsr = request_for(contact, child, type=RequestType.PORTABILITY, requester_role=RequesterRole.GUARDIAN,
                      representative=other)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan",
                            no_redactions_needed=True)
    archive = zipfile.ZipFile(io.BytesIO(outputs.portability_zip(actor=contact, request=dsr)))
    for name in archive.namelist():
        assert not any(secret in archive.read(name).decode("utf-8-sig") for secret in SECRETS + MOTHER_SECRETS), name

    # The breach letter goes to the child herself, at her address, unless she wants no letters home.
    breach = breach_services.breach_create(
        actor=contact, title="Kadonnut läppäri", discovered_at=timezone.now(), description="Läppäri katosi.",
        affected_data="Nimet", clients=[child])
    assert "Piilokuja 4" in pdf_text(breach_notice_letter_pdf(breach, child, today=TODAY))
    client_services.client_update(actor=caseworker, client=child, no_letters_home=True,
                                  restriction_ground=Art18Ground.OTHER_PERSON)
    assert "Piilokuja 4" not in pdf_text(breach_notice_letter_pdf(breach, child, today=TODAY))
    assert not ServiceEntry.objects.filter(client=child, content="Uusi").exists()


def test_the_monthly_summary_to_the_county_withholds_a_restricted_client_and_never_carries_a_protected_address(
        db, contact, caseworker, register):
    """The county buying the service from this provider is a third party here: the restricted
    client is withheld with the reason; the other protected client is on the summary without
    the address."""
    from clients.constants import ControllerKind
    from clients.models import Case, GrantedService
    from clients.services.reports import monthly_summary_produce
    from tests.conftest import make_controller

    county = make_controller("Pirkanmaan hyvinvointialue", kind=ControllerKind.WELLBEING_COUNTY)
    people = []
    for last_name in ("Rajattu", "Suojattu"):
        person = make_client(caseworker, register, last_name=last_name, street_address="Piilokuja 4",
                             postal_code="36200", city="Kangasala", municipality="Kangasala",
                             address_protected=True, commissioning_authority=county,
                             payment_commitment_reference="MS-1")
        case = Case.objects.create(client=person, service_task=ServiceTask.OLDER_PEOPLE, title="Kotihoito",
                                   opened_on=datetime.date(2026, 1, 1))
        service = GrantedService.objects.create(
            case=case, content="Kotipalvelu", valid_from=datetime.date(2026, 1, 1),
            commissioning_authority=county, payment_commitment_reference="MS-1")
        ServiceEntry.objects.create(client=person, worker=caseworker, date=datetime.date(2026, 10, 5),
                                    duration_minutes=60, granted_service=service, content="Kotikäynti")
        people.append(person)
    client_services.client_restrict(actor=contact, client=people[0], reason="Kiistetty")

    for file_format in ("csv", "pdf"):
        produced = monthly_summary_produce(actor=contact, authority=county, year=2026, month=10,
                                           file_format=file_format)
        text = (produced.content.decode("utf-8-sig") if file_format == "csv" else pdf_text(produced.content))
        assert "Suojattu" in text and "Rajattu" not in text, file_format
        assert [w.row.client for w in produced.withheld] == [people[0]]
        assert not any(secret in text for secret in SECRETS), file_format


# What each URL of the project hands out. RESTRICTED: an output of the client's data, refused for
# a restricted client unless an Art 18(2) ground is recorded for it (clients/views/outputs.py).
# Every other kind says why it needs no such ground, and where that is tested.
PAGE = "a page on screen to those serving the client: reading, not an output"
RESTRICTED = "an output of the client's data: through the Art 18(2) ground"
REQUEST = "a data-subject request's answer (Art 15/20): release_refusal, the guardian's prohibition, turvakielto"
TO_CLIENT = "a letter to the client herself (Art 18(3), Art 34): her own data, at her own address"
SERVICE = ("a produced file whose service leaves the restricted client out: the monthly summary and the "
           "population-register query (tests below), the email list (tests/consents/test_restriction_consent.py)")
PUBLIC = "public, no client's data"
COUNTS = "the organisation's own record, naming no client: the Art 33(5) breach documentation counts clients"
OUTSIDE = {  # route prefixes not walked here, and why
    "admin/": "the Django admin: the client's change page refuses edits of a restricted client (tests/admin)",
    "oma/": "the client's own pages: the data goes to the client, never to a guardian of a protected child "
            "(tests/portal)",
    "accounts/": "sign-in and the user's own account: no client's data",
    "i18n/": "the language switch: no client's data",
}
ROUTES = {
    "healthz": PUBLIC, "favicon": PUBLIC, "dashboard": PAGE,
    "clients:list": PAGE, "clients:create": PAGE, "clients:assignments": PAGE, "clients:detail": PAGE,
    "clients:edit": PAGE, "clients:representative_create": PAGE, "clients:representative_edit": PAGE,
    "clients:case_create": PAGE, "clients:case_close": PAGE, "clients:granted_service_create": PAGE,
    "clients:services": PAGE, "clients:consents": PAGE, "clients:entries": PAGE, "clients:entry_create": PAGE,
    "clients:entry_correct": PAGE, "clients:agreement_create": PAGE, "clients:agreement_end": PAGE,
    "clients:agreement_amend": PAGE, "clients:plan_create": PAGE, "clients:plan_detail": PAGE,
    "clients:plan_correct": PAGE, "clients:disclosures": PAGE, "clients:disclosure_create": PAGE,
    "clients:received_create": PAGE, "clients:documents": PAGE, "clients:document_upload": PAGE,
    "clients:document_remove": PAGE, "clients:document_move": PAGE,
    "clients:document_download": RESTRICTED, "clients:client_pdf": RESTRICTED, "clients:plan_pdf": RESTRICTED,
    "clients:agreement_pdf": RESTRICTED, "clients:client_pdf_job_download": RESTRICTED,
    "clients:client_pdf_job_retry": PAGE,
    "clients:restriction_letter": TO_CLIENT, "clients:breach_notice_pdf": TO_CLIENT,
    "clients:monthly_summary": SERVICE, "consents:export": SERVICE,
    "clients:security": PAGE, "clients:emergency_access": PAGE, "clients:emergency_review_list": PAGE,
    "clients:emergency_review": PAGE, "clients:breach_list": PAGE, "clients:breach_create": PAGE,
    "clients:breach_detail": PAGE, "clients:breach_authority": PAGE, "clients:breach_clients_add": PAGE,
    "clients:breach_notice": PAGE, "clients:user_list": PAGE, "clients:user_access_log": PAGE,
    "notices:version_pdf": PUBLIC, "notices:controller": PUBLIC, "notices:controller_pdf": PUBLIC,
    "notices:controller_draft": PUBLIC, "notices:register": PUBLIC, "notices:register_pdf": PUBLIC,
    "notices:register_draft": PUBLIC,
    "requests:queue": PAGE, "requests:create": PAGE, "requests:detail": PAGE, "requests:access_log": PAGE,
    "requests:access_report_pdf": REQUEST, "requests:portability_zip": REQUEST, "requests:access_log_pdf": REQUEST,
    "requests:refusal_certificate_pdf": REQUEST, "requests:erasure": PAGE, "requests:art19": PAGE,
    "requests:consent_withdraw": PAGE, "requests:marketing_prohibit": PAGE,
    "consents:consent_give": PAGE, "consents:consent_withdraw": PAGE, "consents:prohibition_add": PAGE,
    "consents:prohibition_lift": PAGE, "consents:unsubscribe": PUBLIC,
    "retention:due_soon": PAGE, "retention:forecast": PAGE,
    "retention:deaths": SERVICE,
    "clients:breach_assessment": PAGE, "clients:breach_decision": PAGE, "clients:breach_documentation_pdf": COUNTS,
    "clients:informing_record": PAGE, "clients:notice_informing": PAGE, "clients:notice_informing_letters": TO_CLIENT,
    "portal_staff:withholdings": PAGE, "portal_staff:withholding_lift": PAGE,
    "requests:document_job_download": REQUEST, "requests:document_job_retry": REQUEST, "requests:letter": REQUEST,
}
# Outputs behind a query string or a form: what the walk adds to reach the file.
QUERIES = {"retention:deaths": "?download=csv"}


def project_urls() -> list[tuple[str, str, URLPattern]]:
    """(name, route, pattern) of every URL of the project."""
    found: list[tuple[str, str, URLPattern]] = []

    def walk(patterns: list, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                found.append((f"{namespace}:{pattern.name}".strip(":"), prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


def is_file(response) -> bool:
    """Whether a response hands a file out (anything but a page, a redirect or a refusal)."""
    if response.status_code != 200:
        return False
    disposition = response.get("Content-Disposition", "")
    return "attachment" in disposition or not response["Content-Type"].startswith("text/html")


@pytest.fixture
def walk_objects(walked, contact, register, provider, purposes):
    """One object of each kind a URL names, all of the walked child's where they can be."""
    from consents import services as consent_services
    from consents.constants import ConsentMethod, GivenBy, ProhibitionKind

    child, prohibited, other = walked
    consent = consent_services.consent_give(
        actor=contact, client=child, purpose=purposes["newsletter"], given_by=GivenBy.CLIENT,
        method=ConsentMethod.WRITTEN, given_at=timezone.now(), evidence_note="Lomake.")
    prohibition = consent_services.prohibition_add(actor=contact, client=child,
                                                   kind=ProhibitionKind.DIRECT_MARKETING)
    breach = breach_services.breach_create(
        actor=contact, title="Kadonnut läppäri", discovered_at=timezone.now(), description="Läppäri katosi.",
        affected_data="Nimet", clients=[child])
    dsr = request_for(contact, child)
    # A big client's client-file PDF made by a job (requests/jobs.py), waiting on the client file.
    job = client_services.client_file_jobs().queue(actor=contact, client=child)
    request_jobs.request_document(document_job_id=job.pk)
    return {
        "pk": child.pk, "client_pk": child.pk, "rep_pk": other.pk, "case_pk": child.cases.get().pk,
        "entry_pk": child.entries.first().pk, "plan_pk": child.plans.get().pk,
        "service_agreement_pk": child.agreements.get().pk, "document_pk": child.documents.get().pk,
        "consent_pk": consent.pk, "job_pk": job.pk, "purpose_pk": purposes["newsletter"].pk, "token": "x",
        "controller_slug": provider.slug, "register_slug": register.slug,
        # Objects that are not the child's own: their URLs take their own primary key.
        "breaches/": breach.pk, "requests/": dsr.pk, "users/": contact.pk, "emergency/": 999999,
        "notices/version/": 999999, "prohibitions/": prohibition.pk, "consents/clients/": consent.pk,
        # Objects the walked child has none of: a number that finds nothing (the page answers 404).
        "notice_pk": 999999, "withholding_pk": 999999, "kind": "acknowledgement",
    }


def kwargs_for(route: str, pattern: URLPattern, objects: dict) -> dict:
    """The keyword arguments of a URL: a `pk` is the object its route begins with."""
    values = {}
    for name in pattern.pattern.converters:
        value = objects.get(name)
        if name == "pk":
            owners = [prefix for prefix in objects if prefix.endswith("/") and prefix in route]
            if "prohibitions/" in route:
                owners = ["prohibitions/"]
            value = objects[max(owners, key=len)] if owners else objects["pk"]
        assert value is not None, f"the walk has no value for <{name}> in {route}: add one to walk_objects"
        values[name] = value
    return values


def test_every_url_of_the_project_is_walked(db, client, contact, walked, walk_objects):
    """Every URL of the project, as the register contact (who sees every client of the
    organisation) on the walked child: a URL not in ROUTES fails (say what it hands out); a URL
    that hands out a file must be listed as an output; every RESTRICTED output is refused with
    its reason until an Art 18(2) ground is recorded for it, and then the ground is in the log."""
    child, prohibited, other = walked
    client.force_login(contact)
    unlisted, undeclared, walked_outputs = [], [], []
    for name, route, pattern in project_urls():
        if any(route.startswith(prefix) for prefix in OUTSIDE):
            continue
        if name not in ROUTES:
            unlisted.append(f"{name} ({route})")
            continue
        url = reverse(name, kwargs=kwargs_for(route, pattern, walk_objects)) + QUERIES.get(name, "")
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        if ROUTES[name] == RESTRICTED:
            walked_outputs.append(name)
            assert response.status_code == 403, (name, response.status_code)
            page = response.content.decode()
            # The refusal in the user's language (Finnish), naming Art 18, and the form asking the ground.
            assert "18" in page and 'name="restriction_ground"' in page and "banner-restricted" in page, name
            assert client.post(url).status_code == 403, name  # a POST without a ground is refused too
            granted = client.post(url, {"restriction_ground": Art18Ground.LEGAL_CLAIMS})
            assert is_file(granted), name
            body = b"".join(granted.streaming_content) if granted.streaming else granted.content
            assert body.startswith(b"%PDF-"), name  # the document or the PDF itself
            entry = AccessEntry.objects.filter(client=child, user=contact, kind=AccessKind.EXPORT).latest("pk")
            with translation.override("fi"):  # logged in the language of the request that recorded it
                ground = str(Art18Ground.LEGAL_CLAIMS.label)
            assert entry.detail.startswith("GDPR Art 18(2)") and ground in entry.purpose, name
        elif is_file(response) and ROUTES[name] == PAGE:
            undeclared.append(name)
    assert not unlisted, f"URLs the walk does not know; say in ROUTES what each hands out: {unlisted}"
    assert not undeclared, f"URLs handing out a file without going through the Art 18 check: {undeclared}"
    assert sorted(walked_outputs) == sorted(n for n, kind in ROUTES.items() if kind == RESTRICTED)


def test_the_plan_and_agreement_printouts_leave_out_a_protected_guardians_address(
        db, client, caseworker, walked):
    """The other guardian signs the same paper: the mother's protected address is left out and
    marked; the client-file PDF, which goes to the client, keeps it with the marking."""
    child, prohibited, other = walked
    client.force_login(caseworker)
    ground = {"restriction_ground": Art18Ground.OTHER_PERSON}
    plan = client.post(reverse("clients:plan_pdf", args=[child.pk, child.plans.get().pk]), ground)
    agreement = client.post(reverse("clients:agreement_pdf", args=[child.pk, child.agreements.get().pk]), ground)
    for response in (plan, agreement):
        text = pdf_text(response.content)
        assert "Äiti" in text or "Mäkinen" in text
        assert not any(secret in text for secret in MOTHER_SECRETS)
        assert "turvakielto" in text.lower()  # "address protected", in the user's language (Finnish)
    whole = pdf_text(client.post(reverse("clients:client_pdf", args=[child.pk]), ground).content)
    assert all(secret in whole for secret in MOTHER_SECRETS) and "turvakielto" in whole.lower()


def test_the_population_register_query_leaves_out_a_restricted_client(db, client, contact, register):
    """retention:deaths (SERVICE): the query hands identity codes to another authority; a
    restricted client's is left out, the other long-ended statutory client's is in it."""
    from clients.models import Case

    people = []
    for last_name, restricted in (("Rajattu", True), ("Vapaa", False)):
        person = make_client(contact, register, last_name=last_name, relationship_ended=datetime.date(2015, 1, 1),
                             restricted=restricted)
        Case.objects.create(client=person, service_task=ServiceTask.OLDER_PEOPLE, title="Kotihoito",
                            opened_on=datetime.date(2014, 1, 1), closed_on=datetime.date(2015, 1, 1))
        people.append(person)
    client.force_login(contact)
    page = client.get(reverse("retention:deaths"))
    assert people[0].masked_identity_code in page.content.decode()  # listed, as the register holds it
    query = client.get(reverse("retention:deaths") + "?download=csv").content.decode("utf-8-sig")
    assert people[1].identity_code in query and people[0].identity_code not in query
