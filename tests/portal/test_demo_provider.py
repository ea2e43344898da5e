"""`make run`'s demo identity provider (portal/demo.py): a newcomer signs in as a demo client
through the same relying party as a real broker; nowhere else does it answer, and production
settings refuse it."""

import re
import urllib.parse

import pytest
from django.core.checks import run_checks
from django.test import Client as DjangoClient

from portal import oidc
from tests.conftest import PRODUCTION_ENV, make_client, run_manage

pytestmark = pytest.mark.django_db

ISSUER = "http://testserver/oma/demo"


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    """The local settings' demo provider, with the relying party's HTTP calls to the issuer
    answered by this same app (as `make run`'s one server answers them)."""
    settings.PORTAL_DEMO_PROVIDER = True
    settings.PORTAL_DEMO_ALLOWED = True
    settings.PORTAL_DEMO_ISSUER_KEY_FILE = str(tmp_path / "issuer.pem")
    settings.PORTAL_OIDC_PROVIDERS = {"demo": {"label": "DEMO", "issuer": ISSUER, "client_id": "asiakasrekisteri-demo",
                                               "key_file": str(tmp_path / "rp.pem"), "demo": True}}
    server = DjangoClient()

    def http_json(url, data=None):
        path = urllib.parse.urlparse(url).path
        response = server.post(path, data) if data is not None else server.get(path)
        if response.status_code >= 400:
            raise oidc.SignInFailed(f"http_{response.status_code}")
        return response.json()

    monkeypatch.setattr(oidc, "_http_json", http_json)


def _choose_page(browser):
    start = browser.get("/oma/login/demo/")
    assert start.status_code == 302
    url = urllib.parse.urlparse(start["Location"])
    return f"{url.path}?{url.query}", browser.get(f"{url.path}?{url.query}")


def test_a_newcomer_signs_in_as_a_demo_client_through_the_demo_provider(browser, demo, caseworker, register):
    record = make_client(caseworker, register, first_names="Demo", last_name="Asiakas")
    assert "DEMO" in browser.get("/oma/").content.decode()
    url, page = _choose_page(browser)
    text = page.content.decode()
    assert page.status_code == 200 and "Demo: choose a demo client" in text and "Demo Asiakas" in text
    ticket = re.search(r'name="ticket" value="([^"]+)"', text).group(1)
    back = browser.post(url, {"ticket": ticket, "person": f"client-{record.pk}"})
    assert back.status_code == 302 and back["Location"].startswith("http://testserver/oma/callback/?code=")
    callback = urllib.parse.urlparse(back["Location"])
    assert browser.get(f"{callback.path}?{callback.query}").status_code == 302
    assert browser.get(f"/oma/{record.pk}/").status_code == 200


def test_the_demo_issuer_refuses_a_forged_request_and_a_replayed_code(browser, demo, caseworker, register):
    record = make_client(caseworker, register)
    assert browser.get("/oma/demo/authorize/?request=forged").status_code == 400
    url, page = _choose_page(browser)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page.content.decode()).group(1)
    back = urllib.parse.urlparse(browser.post(url, {"ticket": ticket, "person": f"client-{record.pk}"})["Location"])
    code = urllib.parse.parse_qs(back.query)["code"][0]
    assert browser.get(f"{back.path}?{back.query}").status_code == 302
    assert DjangoClient().post("/oma/demo/token/", {"code": code}).status_code == 400  # used once


def test_the_demo_provider_answers_nowhere_but_the_local_demo(browser, settings):
    settings.PORTAL_DEMO_PROVIDER = True  # even named, it needs the local settings' permission
    for url in ("/oma/demo/.well-known/openid-configuration", "/oma/demo/authorize/", "/oma/demo/jwks.json"):
        assert browser.get(url).status_code == 404
    assert browser.post("/oma/demo/token/", {"code": "x"}).status_code == 404


def test_a_demo_provider_outside_the_local_settings_fails_the_system_check(settings):
    settings.PORTAL_DEMO_ALLOWED = False
    settings.PORTAL_OIDC_PROVIDERS = {"sneaky": {"label": "x", "issuer": "https://x", "client_id": "x",
                                                 "key_file": "/nonexistent", "demo": True}}
    assert "portal.E001" in [message.id for message in run_checks()]
    settings.PORTAL_OIDC_PROVIDERS = {}
    assert "portal.E001" not in [message.id for message in run_checks()]


def test_production_settings_never_turn_the_demo_provider_on():
    result = run_manage("shell", "-c", "from django.conf import settings as s; "
                        "print(s.PORTAL_DEMO_PROVIDER, s.PORTAL_DEMO_ALLOWED, "
                        "[n for n, c in s.PORTAL_OIDC_PROVIDERS.items() if c.get('demo')])",
                        env={**PRODUCTION_ENV, "PORTAL_DEMO_PROVIDER": "true", "PORTAL_DEMO_ALLOWED": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False []"
