"""Privacy notices: public, versioned, frozen, and refused when a register lacks what a notice
must say."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from clients.models import PrivacyNotice
from clients.services.notices import notice_publish
from tests.conftest import make_register


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def complete_register(provider):
    provider.street_address, provider.postal_code, provider.city = "Hämeenkatu 12", "33100", "Tampere"
    provider.contact_person_name, provider.email = "Sirpa Mäkelä", "toimisto@hoivapolku.example.fi"
    provider.save()
    register = make_register(provider)
    register.purpose = "Sosiaalihuollon palvelujen järjestäminen ja toteutus."
    register.legal_bases = ["6.1.c", "9.2.h"]
    register.data_content = "Nimi, henkilötunnus, yhteystiedot, palvelusuunnitelma."
    register.sources = "Asiakas itse ja palvelun tilaaja."
    register.recipients = "Tietoja ei luovuteta ilman lakiin perustuvaa oikeutta tai suostumusta."
    register.texts_sv = {"purpose": "Ordnande och genomförande av socialvårdstjänster."}
    register.save()
    return register


def test_publishing_freezes_every_language_with_its_checksum(db, admin_user, complete_register):
    notices = notice_publish(actor=admin_user, controller=complete_register.controller,
                             register=complete_register)
    assert {n.language for n in notices} == {"fi", "sv", "en"}
    for notice in notices:
        assert notice.version == 1
        assert hashlib.sha256(bytes(notice.pdf)).hexdigest() == notice.sha256
        assert bytes(notice.pdf).startswith(b"%PDF")
    finnish = pdf_text(bytes(next(n for n in notices if n.language == "fi").pdf))
    assert "Hoivapolku Oy" in finnish and complete_register.controller.business_id in finnish
    assert "Sosiaalihuollon palvelujen järjestäminen" in finnish
    assert "Tietosuojavaltuutetun toimisto" in finnish
    swedish = next(n for n in notices if n.language == "sv")
    assert "Ordnande och genomförande av socialvårdstjänster." in swedish.html


def test_editing_the_register_changes_the_next_draft_not_the_published_bytes(
    db, admin_user, complete_register
):
    [first, *_] = notice_publish(actor=admin_user, controller=complete_register.controller,
                                 register=complete_register)
    checksum = first.sha256
    complete_register.purpose = "Uusi käyttötarkoitus."
    complete_register.save()
    first.refresh_from_db()
    assert first.sha256 == checksum == hashlib.sha256(bytes(first.pdf)).hexdigest()
    assert "Uusi käyttötarkoitus." not in first.html
    second = notice_publish(actor=admin_user, controller=complete_register.controller,
                            register=complete_register)
    assert second[0].version == 2 and "Uusi käyttötarkoitus." in second[0].html


def test_register_missing_mandatory_fields_cannot_be_published_and_says_which(db, admin_user, register):
    with pytest.raises(ValidationError) as err:
        notice_publish(actor=admin_user, controller=register.controller, register=register)
    message = " ".join(err.value.messages)
    assert register.name in message
    assert not PrivacyNotice.objects.exists()


def test_public_pages_need_no_sign_in_and_serve_the_latest_version(client, admin_user, complete_register):
    controller = complete_register.controller
    url = f"/notices/{controller.slug}/{complete_register.slug}/"
    assert client.get(url).status_code == 404  # nothing published yet
    notice_publish(actor=admin_user, controller=controller, register=complete_register)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert "Sosiaalihuollon palvelujen järjestäminen" in response.content.decode()
    pdf = client.get(url + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(url + "pdf/?lang=sv").content != pdf.content


def test_unknown_controller_or_register_is_404(client, db, complete_register):
    assert client.get("/notices/ei-ole/").status_code == 404
    assert client.get(f"/notices/{complete_register.controller.slug}/ei-ole/").status_code == 404
    assert client.get(f"/notices/{complete_register.controller.slug}/ei-ole/pdf/").status_code == 404


def test_controller_notice_covers_all_its_registers(client, admin_user, complete_register):
    """Seed 004 describes its register and sub-registers in one notice."""
    controller = complete_register.controller
    second = make_register(controller)
    for name in ("purpose", "data_content", "sources", "recipients"):
        setattr(second, name, getattr(complete_register, name))
    second.name, second.legal_bases = "Laskutusrekisteri", ["6.1.b"]
    second.save()
    notice_publish(actor=admin_user, controller=controller)
    html = client.get(f"/notices/{controller.slug}/").content.decode()
    assert complete_register.name in html and "Laskutusrekisteri" in html


def test_draft_preview_is_for_the_organisations_admins_only(client, admin_user, caseworker, other_contact,
                                                           register):
    url = f"/notices/{register.controller.slug}/{register.slug}/draft/"
    client.force_login(caseworker)
    assert client.get(url).status_code == 404
    client.force_login(other_contact)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["missing"]  # the admin sees what is still missing


def test_admin_publish_action_asks_for_confirmation_then_publishes(client, admin_user, complete_register):
    client.force_login(admin_user)
    url = "/admin/clients/register/"
    form = {"action": "publish_notice", "_selected_action": [complete_register.pk]}
    response = client.post(url, form)
    assert response.status_code == 200 and not PrivacyNotice.objects.exists()
    client.post(url, {**form, "confirm": "yes", "change_summary": "Ensimmäinen versio"})
    assert PrivacyNotice.objects.filter(register=complete_register).count() == 3


def test_retention_section_lists_the_enforced_rules_and_follows_their_edits(db, admin_user, complete_register):
    """DESIGN.md: the retention section lists the rules that the nightly run really enforces, so
    the notice cannot promise what the system does not do."""
    from retention.models import RetentionRule

    [first, *_] = notice_publish(actor=admin_user, controller=complete_register.controller,
                                 register=complete_register)
    child_welfare = RetentionRule.objects.get(code="statutory-child-welfare")
    assert child_welfare.name in first.html
    inactive = RetentionRule.objects.filter(active=False).first()
    assert inactive is None or inactive.name not in first.html
    checksum = first.sha256
    child_welfare.period_years = 5
    child_welfare.save()
    [second, *_] = notice_publish(actor=admin_user, controller=complete_register.controller,
                                  register=complete_register)
    assert "5 vuotta" in second.html or "5 years" in second.html
    first.refresh_from_db()
    assert first.sha256 == checksum
