"""Strong identification on the client's own pages, against the broker started in the test run."""

import time

import pytest

from clients.models import AccessEntry
from portal.session import SESSION_KEY
from tests.conftest import make_client

pytestmark = pytest.mark.django_db


def test_a_client_signs_in_with_a_signed_request_private_key_jwt_and_pkce(browser, broker, sign_in, caseworker,
                                                                          register):
    client = make_client(caseworker, register)
    response = sign_in(browser, client.identity_code)
    assert response.status_code == 302 and response["Location"] == "/oma/"
    assert broker.seen == ["request_object", "private_key_jwt", "pkce"]
    page = browser.get("/oma/")
    assert page.status_code == 200
    assert client.register.name in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_a_client_is_never_staff(browser, broker, sign_in, caseworker, register):
    client = make_client(caseworker, register)
    sign_in(browser, client.identity_code)
    assert browser.get("/clients/").status_code == 302  # the staff side asks for a staff sign-in
    assert "_auth_user_id" not in browser.session


def test_a_replayed_state_is_refused(browser, broker, sign_in, caseworker, register):
    client = make_client(caseworker, register)
    broker.person("replay", hetu=client.identity_code)
    import httpx
    start = browser.get("/oma/login/mock/")
    authorized = httpx.post(start["Location"], data={"sub": "replay"})
    callback = authorized.headers["location"].split("testserver", 1)[1]
    assert browser.get(callback).status_code == 302
    browser.post("/oma/logout/")
    again = browser.get(callback)
    assert again.status_code == 400
    assert SESSION_KEY not in browser.session


@pytest.mark.parametrize(("tamper", "other_key"), [
    ({"aud": "someone-else"}, False),
    ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, False),
    ({"iss": "https://attacker.example"}, False),
    ({}, True),
], ids=["wrong-audience", "expired", "wrong-issuer", "signed-by-another-key"])
def test_an_id_token_that_does_not_verify_signs_nobody_in(browser, broker, sign_in, caseworker, register, tamper,
                                                          other_key):
    client = make_client(caseworker, register)
    broker.tamper = tamper
    broker.sign_with_other_key = other_key
    response = sign_in(browser, client.identity_code)
    assert response.status_code == 400
    assert "could not be completed" in response.content.decode()
    assert SESSION_KEY not in browser.session
    assert browser.get("/oma/").content.decode().count("Sign in") >= 1
    assert not AccessEntry.objects.filter(client=client).exists()


def test_a_token_without_the_identity_code_signs_nobody_in(browser, broker, sign_in):
    response = sign_in(browser, "", sub="no-code", claims={"given_name": "Nimetön"})
    assert response.status_code == 400
    assert SESSION_KEY not in browser.session


def test_an_unknown_person_is_told_so_and_not_signed_in(browser, broker, sign_in, caseworker, register):
    make_client(caseworker, register)
    response = sign_in(browser, "010101-123N")
    assert response.status_code == 403
    assert "no client register here has data about you" in response.content.decode()
    assert SESSION_KEY not in browser.session


def test_the_identity_code_comes_from_the_configured_claim(browser, broker, sign_in, settings, caseworker,
                                                           register):
    client = make_client(caseworker, register)
    settings.PORTAL_OIDC_PROVIDERS["mock"]["identity_claim"] = "national_id"
    response = sign_in(browser, client.identity_code, claims={"national_id": client.identity_code})
    assert response.status_code == 302
    assert browser.session[SESSION_KEY]["clients"] == [client.pk]


def test_a_second_provider_is_configuration_only(browser, broker, settings, rp_key_file):
    settings.PORTAL_OIDC_PROVIDERS["second"] = {**settings.PORTAL_OIDC_PROVIDERS["mock"], "label": "Toinen"}
    page = browser.get("/oma/").content.decode()
    assert "/oma/login/mock/" in page and "/oma/login/second/" in page
    assert browser.get("/oma/login/second/").status_code == 302


def test_the_broker_gets_our_public_key_from_the_jwks_url(browser, broker):
    keys = browser.get("/oma/jwks.json").json()["keys"]
    assert keys and all("d" not in key for key in keys)  # public parts only
    assert keys[0]["kid"] and keys[0]["alg"] == "RS256"


def test_an_idle_client_is_signed_out(browser, broker, sign_in, settings, caseworker, register):
    client = make_client(caseworker, register)
    sign_in(browser, client.identity_code)
    session = browser.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "last": time.time() - settings.PORTAL_IDLE_MINUTES * 60 - 1}
    session.save()
    assert browser.get(f"/oma/{client.pk}/").status_code == 302
    assert SESSION_KEY not in browser.session
