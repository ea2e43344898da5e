"""Guardians, legal representatives and next of kin."""

import datetime

from django.core.exceptions import ValidationError

from clients import services
from clients.models import Representative
from tests.conftest import make_client


def test_guardianship_ends_at_the_minors_18th_birthday(db, contact, register):
    """DESIGN.md: a minor becomes an adult on their 18th birthday: guardian rights end then."""
    child = make_client(contact, register, born=datetime.date(2010, 2, 28), sign="A")
    guardian = services.representative_save(
        actor=contact, client=child, today=datetime.date(2026, 1, 1),
        role="guardian", first_names="Anna", last_name="Mäkinen", valid_from=datetime.date(2010, 2, 28),
    )
    assert guardian.is_valid_on(datetime.date(2028, 2, 27))
    assert not guardian.is_valid_on(datetime.date(2028, 2, 28))
    assert guardian.effective_until() == datetime.date(2028, 2, 27)


def test_leap_day_child_becomes_adult_on_1_march(db, contact, register):
    child = make_client(contact, register, born=datetime.date(2012, 2, 29), sign="A")
    assert child.adult_from() == datetime.date(2030, 3, 1)


def test_minors_prohibition_is_stamped_with_assessor_and_date(db, contact, register):
    """Seed 003: information is not given to the guardian if the minor, able to decide given
    age and development, has prohibited it and withholding does not endanger the child."""
    child = make_client(contact, register, born=datetime.date(2011, 4, 4), sign="A")
    guardian = services.representative_save(
        actor=contact, client=child, today=datetime.date(2026, 11, 21),
        role="guardian", first_names="Isä", last_name="Mäkinen", valid_from=datetime.date(2011, 4, 4),
        disclosure_prohibited=True, prohibition_reasoning="15-vuotias, kypsä päättämään; ei vaaranna lasta.",
    )
    assert guardian.prohibition_assessed_by == contact
    assert guardian.prohibition_assessed_on == datetime.date(2026, 11, 21)


def test_guardian_for_an_adult_is_refused_with_a_clear_message(client, contact, client_a):
    client.force_login(contact)
    response = client.post(f"/clients/{client_a.pk}/representatives/new/", {
        "role": "guardian", "first_names": "Aino", "last_name": "Mäkinen", "valid_from": "2026-01-01",
    })
    assert response.status_code == 200
    assert "edunvalvoja" in response.content.decode()
    assert not Representative.objects.exists()


def test_prohibition_needs_an_assessment(client, contact, register):
    child = make_client(contact, register, born=datetime.date(2011, 4, 4), sign="A")
    client.force_login(contact)
    response = client.post(f"/clients/{child.pk}/representatives/new/", {
        "role": "guardian", "first_names": "Isä", "last_name": "Mäkinen", "valid_from": "2011-04-04",
        "disclosure_prohibited": "on",
    })
    assert "prohibition_reasoning" in response.context["form"].errors
    response = client.post(f"/clients/{child.pk}/representatives/new/", {
        "role": "guardian", "first_names": "Isä", "last_name": "Mäkinen", "valid_from": "2011-04-04",
        "disclosure_prohibited": "on", "prohibition_reasoning": "Arvioitu tapaamisessa.",
    })
    assert response.status_code == 302
    rep = Representative.objects.get()
    assert rep.prohibition_assessed_by == contact
    html = client.get(f"/clients/{child.pk}/").content.decode()
    assert "Isä Mäkinen" in html


def _guardian_form(**values) -> dict:
    return {"role": "guardian", "last_name": "Mäkinen", "first_names": "Isä", "relationship": "isä",
            "phone": "", "email": "", "street_address": "", "postal_code": "", "city": "",
            "valid_from": "2012-06-06", "valid_until": "", "prohibition_reasoning": "", **values}


def test_prohibition_set_by_editing_an_existing_guardian_keeps_who_assessed_it_and_when(client, contact, register):
    """Seed 003: the minor's prohibition is recorded "arvioinnin tehneen työntekijän ja päivämäärän
    kera"; issue 19: setting it by editing an existing guardian lost both, because the form had set
    the flag on the instance before the service compared."""
    child = make_client(contact, register, born=datetime.date(2012, 6, 6), sign="A")
    guardian = services.representative_save(
        actor=contact, client=child, today=datetime.date(2026, 1, 1), role="guardian", first_names="Isä",
        last_name="Mäkinen", valid_from=datetime.date(2012, 6, 6))
    client.force_login(contact)
    response = client.post(f"/clients/{child.pk}/representatives/{guardian.pk}/", _guardian_form(
        disclosure_prohibited="on", prohibition_reasoning="14-vuotias, kypsä päättämään; ei vaaranna lasta."))
    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.disclosure_prohibited
    assert guardian.prohibition_assessed_by == contact
    assert guardian.prohibition_assessed_on is not None


def test_minor_may_prohibit_disclosure_to_a_legal_representative_but_not_to_next_of_kin(db, contact, register):
    """Seed 003: "huoltajalleen tai muulle lailliselle edustajalleen"."""
    child = make_client(contact, register, born=datetime.date(2012, 6, 6), sign="A")
    today = datetime.date(2026, 11, 21)
    trustee = services.representative_save(
        actor=contact, client=child, today=today, role="legal_representative", first_names="Eeva",
        last_name="Edunvalvoja", valid_from=datetime.date(2020, 1, 1), disclosure_prohibited=True,
        prohibition_reasoning="14-vuotias, kypsä päättämään.")
    assert trustee.prohibition_assessed_by == contact
    assert trustee.prohibition_assessed_on == today
    for role, reasoning in (("next_of_kin", "Arvioitu."), ("guardian", "  ")):
        try:
            services.representative_save(
                actor=contact, client=child, today=today, role=role, first_names="Liisa", last_name="Mäkinen",
                valid_from=datetime.date(2020, 1, 1), disclosure_prohibited=True, prohibition_reasoning=reasoning)
        except ValidationError:
            continue
        raise AssertionError(f"a prohibition towards {role} with {reasoning!r} was accepted")
    assert Representative.objects.filter(client=child).count() == 1


def test_an_unchanged_prohibition_keeps_its_original_assessor(db, contact, caseworker, register):
    child = make_client(contact, register, born=datetime.date(2012, 6, 6), sign="A")
    guardian = services.representative_save(
        actor=contact, client=child, today=datetime.date(2026, 1, 1), role="guardian", first_names="Isä",
        last_name="Mäkinen", valid_from=datetime.date(2012, 6, 6), disclosure_prohibited=True,
        prohibition_reasoning="Arvioitu tapaamisessa.")
    services.representative_save(
        actor=caseworker, client=child, representative=guardian, today=datetime.date(2026, 3, 1), role="guardian",
        first_names="Isä", last_name="Mäkinen", phone="040 1", valid_from=datetime.date(2012, 6, 6),
        disclosure_prohibited=True, prohibition_reasoning="Arvioitu tapaamisessa.")
    guardian.refresh_from_db()
    assert (guardian.prohibition_assessed_by, guardian.prohibition_assessed_on) == (contact, datetime.date(2026, 1, 1))
