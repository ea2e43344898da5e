"""The client's own pages speak the client's language: Finnish first, Swedish and English."""

import pytest

from tests.conftest import make_client

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_is_in_finnish_by_default(client, broker):
    page = client.get("/oma/").content.decode()
    assert "Kirjaudu vahvalla tunnistautumisella" in page
    assert "Sign in with strong identification" not in page


def test_a_finnish_client_reads_their_own_pages_in_finnish(client, sign_in, caseworker, register):
    record = make_client(caseworker, register)
    sign_in(client, record.identity_code)
    overview = client.get("/oma/").content.decode()
    assert "Kuka on katsonut tietoja" in overview and "Who has seen the data" not in overview
    log = client.get(f"/oma/{record.pk}/log/").content.decode()
    assert "kaksi viimeistä vuotta" in log
    form = client.get(f"/oma/{record.pk}/requests/new/").content.decode()
    assert "Lähetä pyyntö" in form and "Send the request" not in form


def test_a_swedish_client_reads_their_own_pages_in_swedish(client, sign_in, caseworker, register):
    client.cookies["django_language"] = "sv"
    record = make_client(caseworker, register)
    sign_in(client, record.identity_code)
    page = client.get(f"/oma/{record.pk}/").content.decode()
    assert "Dina begäranden" in page and "Your requests" not in page
    failed = client.get("/oma/callback/?state=forged&code=x").content.decode()
    assert "Inloggningen lyckades inte" in failed
