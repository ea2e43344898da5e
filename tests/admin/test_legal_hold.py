"""A legal hold is placed on a client found by name or identity code (issue 21: it needed a raw
client id and listed "#166" without its reason); the search offers only the admin's own
organisation's clients."""

import datetime

import pytest

from core.roles import Role
from retention.models import LegalHold
from retention.services import legal_hold_place
from tests.conftest import VerifiedClient, make_client, make_user

SEARCH = "/admin/retention/legalhold/client-search/"


@pytest.fixture
def held(caseworker, register):
    return make_client(caseworker, register, last_name="Mäkinen", first_names="Matti Juhani",
                       born=datetime.date(1937, 8, 2))


@pytest.fixture
def foreign(other_provider, other_register):
    """A client of the same name in another organisation."""
    other_worker = make_user(Role.CASEWORKER, other_provider, username="muu_hoitaja")
    return make_client(other_worker, other_register, last_name="Mäkinen", first_names="Maija",
                       born=datetime.date(1940, 1, 3))


def _browser(user) -> VerifiedClient:
    browser = VerifiedClient()
    browser.force_login(user)
    return browser


def _found(browser, term: str) -> list[str]:
    response = browser.get(SEARCH, {"term": term})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_the_admin_finds_the_client_of_a_hold_by_name_or_identity_code(admin_user, held, foreign):
    browser = _browser(admin_user)
    form = browser.get("/admin/retention/legalhold/add/").content.decode()
    assert SEARCH in form and "admin-autocomplete" in form  # a search box, not a raw id
    for term in ("mäkinen", "Juhani", "makinen matti", held.identity_code[:6], held.identity_code, "2.8.1937"):
        found = _found(browser, term)
        assert len(found) == 1 and found[0].startswith("Mäkinen Matti Juhani – 020837-****"), (term, found)
    assert held.identity_code not in _found(browser, "Mäkinen")[0]  # masked


def test_the_hold_list_names_the_client_and_the_reason(admin_user, held, register):
    legal_hold_place(actor=admin_user, client=held, reason="Poliisitutkinta 2026/55", until=None)
    legal_hold_place(actor=admin_user, register=register, reason="Kantelu aluehallintovirastoon", until=None)
    hold = LegalHold.objects.filter(client=held).get()
    page = _browser(admin_user).get("/admin/retention/legalhold/").content.decode()
    assert "Mäkinen Matti Juhani" in page and "Poliisitutkinta 2026/55" in page
    assert "Kantelu aluehallintovirastoon" in page and register.name in page
    assert f"#{hold.client_id}" not in page


def test_another_organisations_admin_neither_finds_nor_holds_the_client(other_provider, held, foreign):
    intruder = make_user(Role.ADMIN, other_provider, username="tunkeilija")
    browser = _browser(intruder)
    assert all("Matti" not in text for text in _found(browser, "Mäkinen"))
    assert _found(browser, held.identity_code) == []
    assert [t.split(" – ")[0] for t in _found(browser, "Mäkinen")] == ["Mäkinen Maija"]
    response = browser.post("/admin/retention/legalhold/add/", {"client": held.pk, "reason": "Kiusanteko"})
    assert response.status_code == 200 and not LegalHold.objects.exists()


def test_who_may_not_place_holds_gets_no_client_search(caseworker, contact, held):
    assert _browser(caseworker).get(SEARCH, {"term": "Mäkinen"}).status_code == 302  # not staff: sign-in
    contact.is_staff = True  # the register contact reads the admin's lists, places no holds
    contact.save()
    response = _browser(contact).get(SEARCH, {"term": "Mäkinen"})
    assert response.status_code == 403 and b"Matti" not in response.content
