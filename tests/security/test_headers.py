"""Security headers on every page: a strict Content Security Policy (no inline scripts or styles,
no third-party origins), X-Frame-Options DENY, Referrer-Policy, nosniff; production adds HSTS and
secure cookies (and passes `check --deploy`, tests/foundation/test_setup.py)."""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from clients.services import breaches as breach_services
from clients.services import emergency as emergency_services
from tests.conftest import PRODUCTION_ENV, make_client, make_user, run_manage

MAX_PAGES = 250
SKIP_PREFIXES = ("/static/", "/accounts/logout/", "/i18n/")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.I)


def assert_strict_csp(url: str, response) -> None:
    policy = response.get("Content-Security-Policy", "")
    assert policy, f"{url}: no Content-Security-Policy header"
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    for name in ("default-src", "script-src", "style-src"):
        assert directives.get(name) == ["'self'"], f"{url}: {name} is {directives.get(name)}"
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    assert "http" not in policy, f"{url}: a third-party origin in the policy"
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url


def assert_not_stored(url: str, response) -> None:
    """A page, PDF or file shown to a signed-in user is kept by no browser or proxy cache."""
    directives = {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, f"{url}: Cache-Control {response.get('Cache-Control')!r}"


def crawl(browser: Client, start: list[str]) -> dict[str, int]:
    """Every same-site page reachable by links from `start` (GET only)."""
    seen: dict[str, int] = {}
    queue = deque(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = browser.get(url)
        seen[url] = response.status_code
        assert response.status_code < 500, url
        assert_strict_csp(url, response)
        if "_auth_user_id" in browser.session:
            assert_not_stored(url, response)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if not url.startswith("/admin/"):
            # Our own templates: nothing inline that the CSP would have to allow.
            assert not INLINE_SCRIPT.search(html), f"{url}: inline script"
            assert not INLINE_STYLE.search(html), f"{url}: inline style or event handler"
        for link in re.findall(r'(?:href|action)="([^"#]+)', html):
            link = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(SKIP_PREFIXES) or "/delete/" in path:
                continue
            if path.startswith("/admin/") and (parts.query or path.count("/") > 5):
                continue  # the admin's own sorting, filters and history pages: enough is enough
            queue.append(path)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
    return seen


@pytest.fixture
def world(contact, caseworker, caseworker_b, client_a, client_b, register):
    """Something on every page: a breach, an emergency access, a representative."""
    breach_services.breach_create(actor=contact, title="Testiloukkaus", discovered_at=timezone.now(),
                                  description="Kuvaus", affected_data="Nimet", clients=[client_a])
    emergency_services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code,
                                            reason="Sijaisuus, kiireellinen asia", now=timezone.now())
    make_client(contact, register, last_name="Kolmas")
    return contact


def test_every_page_a_register_contact_can_reach_has_a_strict_csp(client, world, admin_user):
    client.force_login(world)
    pages = crawl(client, ["/", "/clients/", "/clients/security/", "/accounts/"])
    assert len([code for code in pages.values() if code == 200]) >= 15, pages
    client.force_login(admin_user)
    admin_pages = crawl(client, ["/admin/"])
    assert len(admin_pages) >= 10


def test_every_page_a_caseworker_can_reach_has_a_strict_csp(client, world, caseworker):
    client.force_login(caseworker)
    pages = crawl(client, ["/", "/clients/", "/clients/security/", "/clients/emergency/", "/accounts/"])
    assert len([code for code in pages.values() if code == 200]) >= 8, pages


def test_pages_before_sign_in_have_a_strict_csp_too(db, caseworker):
    browser = Client()
    crawl(browser, ["/accounts/login/", "/", "/clients/", "/accounts/two-factor/", "/admin/",
                    "/no-such-page/"])
    browser.post("/accounts/login/", {"username": caseworker.username, "password": "test-password-123"})
    crawl(browser, ["/accounts/two-factor/setup/", "/accounts/two-factor/"])
    stranger = Client()
    for _ in range(5):
        locked = stranger.post("/accounts/login/", {"username": "someone", "password": "x"})
    assert locked.status_code == 429
    assert_strict_csp("lockout page", locked)


def test_production_sends_hsts_and_secure_cookies():
    code = ("import json; from django.conf import settings as s; "
            "print(json.dumps({k: getattr(s, k) for k in ["
            "'SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT',"
            "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','X_FRAME_OPTIONS',"
            "'SECURE_REFERRER_POLICY','SESSION_EXPIRE_AT_BROWSER_CLOSE','SESSION_COOKIE_NAME',"
            "'LANGUAGE_COOKIE_SECURE','DEBUG','TWO_FACTOR_REQUIRED']}))")
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["DEBUG"] is False
    assert values["TWO_FACTOR_REQUIRED"] is True


def test_no_third_party_origin_anywhere_in_the_templates():
    """No third-party scripts, styles, fonts or trackers (DESIGN.md)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text()
        for match in re.findall(r'(?:src|href)="(https?:)?//([^"/]+)', text):
            pytest.fail(f"{path}: loads from {match[1]}")


def test_an_account_without_client_data_gets_the_same_headers(client, provider):
    user = make_user(None, provider)
    client.force_login(user)
    response = client.get("/clients/")
    assert response.status_code == 403
    assert_strict_csp("/clients/ (no role)", response)
