"""Issue 21: an agreement can be ended (end date + reason) or amended (a new version with the
changes, the old one readable). Seed 003: "Mahdollisesti virheelliset merkinnät korjataan niin,
että merkintä on myöhemmin luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä ja
korjauksen peruste merkitään asiakastietoihin." """

import datetime

from clients.services import file as file_services
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)


def agreement_of(caseworker, person):
    return file_services.agreement_record(
        actor=caseworker, client=person, service="Kotihoito", agreed_matters="Kaksi käyntiä viikossa.",
        valid_from=datetime.date(2026, 1, 1), made_on=datetime.date(2026, 1, 1), place="Tampere")


def test_amending_an_agreement_makes_a_new_version_and_keeps_the_old_one_readable(
        db, client, caseworker, register):
    person = make_client(caseworker, register)
    old = agreement_of(caseworker, person)
    client.force_login(caseworker)
    form = client.get(f"/clients/{person.pk}/agreements/{old.pk}/amend/").content.decode()
    assert "Kaksi käyntiä viikossa." in form  # prefilled from the version it replaces

    response = client.post(f"/clients/{person.pk}/agreements/{old.pk}/amend/", {
        "service": "Kotihoito", "agreed_matters": "Kolme käyntiä viikossa.", "valid_from": "2026-11-01",
        "made_on": TODAY.isoformat(), "place": "Tampere", "reason": "Palvelutarve kasvoi."})

    assert response.status_code == 302
    old.refresh_from_db()
    new = old.replaced_by
    assert new.agreed_matters == "Kolme käyntiä viikossa." and new.amendment_reason == "Palvelutarve kasvoi."
    assert old.agreed_matters == "Kaksi käyntiä viikossa." and old.ended_on == datetime.date(2026, 11, 1)
    page = client.get(f"/clients/{person.pk}/services/").content.decode()
    assert "Kaksi käyntiä viikossa." in page and "Kolme käyntiä viikossa." in page
    assert "Palvelutarve kasvoi." in page


def test_ending_an_agreement_needs_a_date_and_a_reason_and_shows_who_ended_it(
        db, client, caseworker, register):
    person = make_client(caseworker, register)
    agreement = agreement_of(caseworker, person)
    client.force_login(caseworker)

    refused = client.post(f"/clients/{person.pk}/agreements/{agreement.pk}/end/", {"ended_on": "2026-11-30"})
    ended = client.post(f"/clients/{person.pk}/agreements/{agreement.pk}/end/",
                        {"ended_on": "2026-11-30", "reason": "Asiakas muutti pois kunnasta."})

    assert refused.status_code == 200 and ended.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.ended_on, agreement.ended_by, agreement.end_reason) == (
        datetime.date(2026, 11, 30), caseworker, "Asiakas muutti pois kunnasta.")
    page = client.get(f"/clients/{person.pk}/services/").content.decode()
    assert "Asiakas muutti pois kunnasta." in page and "Kaksi käyntiä viikossa." in page


def test_an_amended_version_is_not_shown_as_signed_by_whoever_signed_the_version_it_replaces(
        db, client, caseworker, register):
    """The signatures were made on the earlier terms: the new version starts unsigned (the form
    offers no earlier signature, and the provider's is not copied over unseen) until it is signed."""
    person = make_client(caseworker, register)
    old = file_services.agreement_record(
        actor=caseworker, client=person, service="Kotihoito", agreed_matters="Kaksi käyntiä viikossa.",
        valid_from=datetime.date(2026, 1, 1), made_on=datetime.date(2026, 1, 1), place="Tampere",
        client_signatory="Matti Mäkinen", client_signed_on=datetime.date(2026, 1, 1),
        provider_signatory=caseworker, provider_signed_on=datetime.date(2026, 1, 1))
    client.force_login(caseworker)
    form = client.get(f"/clients/{person.pk}/agreements/{old.pk}/amend/").content.decode()
    assert "Matti Mäkinen" not in form.split("<form", 1)[1]  # not offered as the new version's signatory

    response = client.post(f"/clients/{person.pk}/agreements/{old.pk}/amend/", {
        "service": "Kotihoito", "agreed_matters": "Kolme käyntiä viikossa.", "valid_from": "2026-11-01",
        "made_on": TODAY.isoformat(), "place": "Tampere", "reason": "Palvelutarve kasvoi."})

    assert response.status_code == 302
    old.refresh_from_db()
    new = old.replaced_by
    assert (new.provider_signatory, new.provider_signed_on, new.client_signatory, new.client_signed_on) == (
        None, None, "", None)
    assert (old.provider_signatory, old.client_signatory) == (caseworker, "Matti Mäkinen")  # the old one as signed


def test_an_agreement_ended_on_a_coming_date_says_it_ends_not_that_it_has_ended(db, client, caseworker, register):
    """Ended with notice (the end date a month ahead), the agreement is still in force until then:
    the file said "ended" and "Ended on" a date still to come."""
    from django.utils import timezone

    person = make_client(caseworker, register)
    agreement = agreement_of(caseworker, person)
    ends = timezone.localdate() + datetime.timedelta(days=30)
    file_services.agreement_end(actor=caseworker, agreement=agreement, ended_on=ends, reason="Irtisanottu.")
    client.force_login(caseworker)
    client.cookies["django_language"] = "en"
    page = client.get(f"/clients/{person.pk}/services/").content.decode()
    assert f"Ends on {ends:%-d.%-m.%Y}" in page and f"ends on {ends:%-d.%-m.%Y}" in page
    assert "Ended on" not in page and ">ended<" not in page
    past = timezone.localdate()
    agreement.ended_on = past  # the day has come: now it has ended
    agreement.save(update_fields=["ended_on"])
    page = client.get(f"/clients/{person.pk}/services/").content.decode()
    assert f"Ended on {past:%-d.%-m.%Y}" in page and ">ended<" in page
