"""The foundation: configuration, health check, the `requests` name clash, roles."""

import importlib.metadata
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from tests.conftest import PRODUCTION_ENV, ROOT, run_manage


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL",
                                     "MEDIA_ROOT", "ARCHIVE_ROOT"])
def test_missing_production_variable_gives_one_clear_line(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == f"Configuration error: environment variable {missing} is not set."


@pytest.mark.parametrize("name,value", [("DATABASE_URL", "nonsense://"), ("DJANGO_DEBUG", "maybe"),
                                        ("SESSION_IDLE_MINUTES", "half an hour"),
                                        ("DATABASE_CONN_MAX_AGE", "a minute")])
def test_malformed_variable_gives_one_line_naming_it(name, value):
    result = run_manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Configuration error: environment variable {name}")
    assert "Traceback" not in result.stderr


def test_workers_keep_their_database_connection_and_check_it_before_reuse():
    script = ("from django.conf import settings; d = settings.DATABASES['default']; "
              "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")
    result = run_manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.stdout.split()[-2:] == ["60", "True"], result.stderr
    result = run_manage("shell", "-c", script, env={**PRODUCTION_ENV, "DATABASE_CONN_MAX_AGE": "0"})
    assert result.stdout.split()[-2:] == ["0", "True"], result.stderr


def test_pypi_requests_library_is_not_installed_and_the_name_is_our_app():
    """DESIGN.md: the app package `requests` shadows the PyPI library; keep the library out."""
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("requests")
    import requests

    assert Path(requests.__file__).resolve().parent == ROOT / "requests"


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_browsers_favicon_request_finds_the_apps_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()


def test_login_page_is_finnish_by_default(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'lang="fi"' in response.content.decode()
    assert "Kirjaudu sisään" in response.content.decode()


def test_dashboard_requires_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_three_roles_exist_with_their_permissions(db):
    perms = {g.name: set(g.permissions.values_list("content_type__app_label", "codename"))
             for g in Group.objects.all()}
    assert set(perms) >= {"admin", "register_contact", "caseworker"}
    assert ("clients", "change_register") in perms["admin"]
    assert ("auth", "add_user") in perms["admin"]
    assert ("clients", "change_client") in perms["caseworker"]
    assert ("clients", "view_client") in perms["register_contact"]
    assert ("clients", "change_client") not in perms["register_contact"]
    assert ("clients", "change_register") not in perms["caseworker"]
    # Nobody deletes a client by hand: the retention run owns deletion.
    assert all(("clients", "delete_client") not in p for p in perms.values())


def test_finnish_is_the_default_whatever_the_browser_says_and_the_switch_changes_it(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Kirjaudu sisään" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/accounts/login/"})
    assert "Logga in" in client.get("/accounts/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Sign in" in client.get("/accounts/login/").content.decode()


def test_make_run_shows_the_apps_translated_404_and_still_serves_static_files(tmp_path):
    """`make run` (local settings) runs with debug off: a page that does not exist is the app's
    own Finnish 404, not Django's technical page listing the URL patterns; the style sheet is
    still served without `collectstatic`."""
    script = (
        "from django.conf import settings; from django.test import Client; c = Client(HTTP_HOST='127.0.0.1'); "
        "missing = c.get('/notices/no-such-controller/', HTTP_ACCEPT_LANGUAGE='fi'); "
        "css = c.get('/static/css/app.css'); "
        "print(settings.DEBUG, missing.status_code, css.status_code); "
        "print(missing.content.decode()); "
        "print(b''.join(css.streaming_content)[:200].decode())"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    migrate = run_manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, migrate.stderr
    result = run_manage("shell", "-v", "0", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "False 404 200"
    assert "<h1>Sivua ei löytynyt</h1>" in result.stdout
    assert "URLconf" not in result.stdout
    assert "Asiakasrekisteri: one stylesheet" in result.stdout
