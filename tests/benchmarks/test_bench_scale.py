"""Issue 10: the register at scale. Loads BENCH_CLIENTS clients (default 1,000,000) with their
dependents through `demo_data`, then measures what a caseworker waits for: the client list
searched by name prefix, by identity code and by every other kind of search (issue 21), the
client file of a client with 2,000 entries, and 20 concurrent users against a real gunicorn on
127.0.0.1. Figures are recorded against the targets, never asserted.

Row-level security (issue 17) is on for every figure: the tests connect as the app role that
.ci/with-postgres creates (DATABASE_APP_ROLE: neither superuser nor owner, see tests/conftest.py)
and each request runs in the signed-in user's scope, as in production. What the policies cost is
measured once more against gunicorn, with them and without them in the same run (see
test_bench_row_level_security_cost)."""

import datetime
import http.client
import io
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.identifiers import search_key
from clients.models import Client, ServiceEntry
from config.sessions import SessionStore
from core.bulk import BulkWriter, new
from core.scope import system_scope
from tests.conftest import APP_ROLE

from .conftest import summary

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "1000000"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WARMUP_SECONDS = 5
THINK_SECONDS = (0.2, 1.0) if os.environ.get("BENCH_THINK", "1") != "0" else (0.0, 0.0)
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def loaded(django_db_setup, django_db_blocker, bench_record):
    """The demo register with CLIENTS clients, loaded once and committed, in the system scope
    (demo_data sets its own; the extra entries and the counts here need it too)."""
    with django_db_blocker.unblock():
        with system_scope():
            began = time.perf_counter()
            call_command("demo_data", "--clients", str(CLIENTS), "--seed", "2026", stdout=io.StringIO())
            copied = time.perf_counter() - began
            heavy = with_2000_entries()
            # As after any bulk load (PostgreSQL manual, "Populating a Database"): planner statistics,
            # and the visibility map and hint bits set now, not by autovacuum workers competing with
            # the measurements below for the two cores. Counted in the load time.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            seconds = time.perf_counter() - began
            rows = {model.__name__: model.objects.count() for model in (Client, ServiceEntry)}
            bench_record(f"load {CLIENTS:,} clients with dependents (demo_data, VACUUM ANALYZE)", seconds, "s",
                         "< 300 s at 1,000,000", met=(seconds < 300) if CLIENTS >= 1_000_000 else None,
                         clients_per_second=round(CLIENTS / seconds), copy_seconds=round(copied, 1), **rows)
            contact = User.objects.get(username="kontakti")
            device = TOTPDevice.objects.filter(user=contact).first() or TOTPDevice.objects.create(
                user=contact, name="bench", confirmed=True)
            # A signed-in, second-factor-verified session for the load test, committed for gunicorn.
            store = SessionStore()
            store.update({"_auth_user_id": str(contact.pk), "_auth_user_backend": "config.auth.ModelBackend",
                          "_auth_user_hash": contact.get_session_auth_hash(),
                          DEVICE_ID_SESSION_KEY: device.persistent_id})
            store.create()
        yield {"contact": contact, "device": device, "session_key": store.session_key, "heavy_client": heavy.pk}


def with_2000_entries() -> Client:
    """The provider's first client gets 2,000 more entries (years of visits), committed with the
    load and vacuumed with it, as years of autovacuum would have left them."""
    person = Client.objects.filter(register__operator__slug="hoivapolku").order_by("pk").first()
    assert person is not None, "the demo provider has no clients"
    worker = person.assigned_workers.first()
    start = datetime.date(2020, 1, 1)
    BulkWriter().save(ServiceEntry, [
        new(ServiceEntry, client=person, worker=worker, date=start + datetime.timedelta(days=i // 2),
            duration_minutes=30, content=f"Käynti {i}: arjen tuki ja asiointi.")
        for i in range(2000)
    ])
    return person


def signed_in(user: User, device: TOTPDevice) -> DjangoClient:
    client = DjangoClient()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed_gets(client: DjangoClient, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    return times


def test_bench_search_by_name_prefix(loaded, bench_record):
    client = signed_in(loaded["contact"], loaded["device"])
    rng = random.Random(1)
    names = list(Client.objects.values_list("last_name", flat=True)[:500])
    prefixes = [search_key(rng.choice(names))[: rng.randint(3, 6)] for _ in range(200)]
    timed_gets(client, [f"/clients/?q={p}" for p in prefixes[:10]])  # warm up
    stats = summary(timed_gets(client, [f"/clients/?q={p}" for p in prefixes]))
    bench_record(f"client list, name prefix, {CLIENTS:,} clients (p95)", stats["p95"], "ms", "< 25 ms",
                 met=stats["p95"] < 25, median_ms=round(stats["median"], 2))


def test_bench_search_by_identity_code(loaded, bench_record):
    client = signed_in(loaded["contact"], loaded["device"])
    codes = list(Client.objects.filter(register__operator__slug="hoivapolku").exclude(identity_code="")
                 .order_by("?").values_list("identity_code", flat=True)[:200])
    timed_gets(client, [f"/clients/?q={c}" for c in codes[:10]])
    stats = summary(timed_gets(client, [f"/clients/?q={c}" for c in codes]))
    bench_record(f"client list, full identity code, {CLIENTS:,} clients (p95)", stats["p95"], "ms", "< 15 ms",
                 met=stats["p95"] < 15, median_ms=round(stats["median"], 2))


def visible_sample(**filters) -> QuerySet[Client]:
    """Clients the register contact of the demo provider sees, in a fixed random order."""
    return Client.objects.filter(register__operator__slug="hoivapolku", **filters).order_by("?")


def test_bench_every_other_kind_of_search(loaded, bench_record):
    """Issue 21: a first name alone, a middle name, the start of an identity code (its date part,
    as from a letter) and a date of birth, each through the client list as the register contact
    sees it (row-level security on), 200 searches each after 10 to warm up."""
    client = signed_in(loaded["contact"], loaded["device"])
    rng = random.Random(2)
    firsts = list(visible_sample().values_list("first_names", flat=True)[:500])
    middles = list(visible_sample(first_names__contains=" ").values_list("first_names", flat=True)[:500])
    codes = list(visible_sample().exclude(identity_code="").values_list("identity_code", flat=True)[:200])
    births = list(visible_sample().values_list("date_of_birth", flat=True)[:200])
    kinds = {
        "first name alone": [search_key(rng.choice(firsts).split()[0]) for _ in range(200)],
        "middle name": [search_key(rng.choice(middles).split()[1]) for _ in range(200)],
        "identity code start (date part)": [code[:6] for code in codes],
        "date of birth (d.m.yyyy)": [f"{born.day}.{born.month}.{born.year}" for born in births],
    }
    for kind, queries in kinds.items():
        urls = [f"/clients/?{urllib.parse.urlencode({'q': q})}" for q in queries]
        timed_gets(client, urls[:10])
        stats = summary(timed_gets(client, urls))
        bench_record(f"client list, {kind}, {CLIENTS:,} clients (p95)", stats["p95"], "ms", "< 25 ms",
                     met=stats["p95"] < 25, median_ms=round(stats["median"], 2), database_role=APP_ROLE)


def roles_for_the_comparison() -> tuple[str, str]:
    """The role the policies bind and one they do not, as PostgreSQL sees them. On: the app role
    (no superuser, no BYPASSRLS, owns nothing; FORCE binds even an owner). Off: the database's
    owner as .ci/with-postgres creates it, the superuser `postgres`, whom row-level security
    does not apply to at all (FORCE binds a table's owner, never a superuser). Same database, same
    code, same queries (the scope is still set per request), only the policies not evaluated."""
    on = connection.settings_dict["USER"]
    off = urllib.parse.urlparse(os.environ["DATABASE_URL"]).username or ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolname, rolsuper OR rolbypassrls FROM pg_roles WHERE rolname IN (%s, %s)", [on, off])
        bypasses = dict(cursor.fetchall())
        cursor.execute("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relname = 'clients_client'")
        (forced,) = cursor.fetchone()
    assert on == APP_ROLE and bypasses.get(on) is False and forced, "the policies must be on for the app role"
    if not bypasses.get(off):
        pytest.skip(f"{off} is subject to row-level security too: nothing to compare against")
    return on, off


def test_bench_row_level_security_cost(loaded, bench_record, django_db_blocker):
    """Issue 17: "name-prefix search p95 and the client file's slowest part at 1M clients with the
    policies on, and the ratio to the same figures with them off, measured in the same run
    (target: within 10%)". Two gunicorn servers on the same database at once, one connected as
    the app role (policies on), one as the superuser (off); each URL goes to both, in a random
    order, one request at a time, so that the machine's drift falls on both alike."""
    with django_db_blocker.unblock():
        on_role, off_role = roles_for_the_comparison()
        rng = random.Random(1)
        names = list(Client.objects.values_list("last_name", flat=True)[:500])
    searches = [f"/clients/?q={search_key(rng.choice(names))[: rng.randint(3, 6)]}" for _ in range(200)]
    heavy = loaded["heavy_client"]
    parts = {part or "overview": [f"/clients/{heavy}/{part}"] * 60 for part in FILE_PARTS}
    headers = {"Cookie": session_cookie(loaded), "X-Forwarded-Proto": "https"}
    with gunicorn(database_user=on_role, workers=1) as on_port, gunicorn(database_user=off_role, workers=1) as off_port:
        servers = {"on": http.client.HTTPConnection("127.0.0.1", on_port, timeout=30),
                   "off": http.client.HTTPConnection("127.0.0.1", off_port, timeout=30)}

        def get(which: str, url: str) -> float:
            began = time.perf_counter()
            servers[which].request("GET", url, headers=headers)
            response = servers[which].getresponse()
            response.read()
            assert response.status == 200, (which, url, response.status)
            return (time.perf_counter() - began) * 1000

        def both(urls: list[str], warm_up: int) -> dict[str, dict]:
            times: dict[str, list[float]] = {"on": [], "off": []}
            for i, url in enumerate(urls):
                for which in rng.sample(["on", "off"], 2):
                    elapsed = get(which, url)
                    if i >= warm_up:
                        times[which].append(elapsed)
            return {which: summary(values) for which, values in times.items()}

        search = both(searches[:10] + searches, warm_up=10)
        file_parts = {part: both(urls, warm_up=10) for part, urls in parts.items()}
    for which in servers.values():
        which.close()

    def figures(stats: dict[str, dict]) -> dict:
        return {f"{which}_p95_ms": round(stats[which]["p95"], 2) for which in ("on", "off")} | {
            f"{which}_median_ms": round(stats[which]["median"], 2) for which in ("on", "off")}

    ratio = search["on"]["p95"] / search["off"]["p95"]
    bench_record(f"row-level security on/off, name prefix p95: {search['on']['p95']:.1f} / "
                 f"{search['off']['p95']:.1f} ms (gunicorn, {CLIENTS:,} clients)", ratio, "x", "<= 1.10",
                 met=ratio <= 1.10, on_role=on_role, off_role=off_role, **figures(search))
    slowest_on = max(file_parts, key=lambda part: file_parts[part]["on"]["p95"])
    slowest_off = max(file_parts, key=lambda part: file_parts[part]["off"]["p95"])
    ratio = file_parts[slowest_on]["on"]["p95"] / file_parts[slowest_off]["off"]["p95"]
    bench_record(f"row-level security on/off, client file slowest part p95: "
                 f"{file_parts[slowest_on]['on']['p95']:.1f} ({slowest_on}) / "
                 f"{file_parts[slowest_off]['off']['p95']:.1f} ms ({slowest_off})", ratio, "x", "<= 1.10",
                 met=ratio <= 1.10, on_role=on_role, off_role=off_role,
                 parts={part: figures(stats) for part, stats in file_parts.items()})


# The client file's parts (tabs), each its own page; "entries/" is the first page of the 2,000.
FILE_PARTS = ["", "services/", "entries/", "documents/", "consents/"]


def queries_for(client: DjangoClient, url: str) -> int:
    """Queries of one page view; the lower of two, so a session renewal (once a minute) in one of
    them does not count."""
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts.append(len(captured))
    return min(counts)


def test_bench_client_file_with_2000_entries(loaded, bench_record):
    """Every part of the client file of the client with 2,000 entries, the first page of those
    entries among them: the figure is the slowest part's p95. Constant queries: no part makes more
    queries for that client than for one with a handful of rows of the same kinds (a granted
    service too: a client without one has nothing to sum and makes one query fewer)."""
    client = signed_in(loaded["contact"], loaded["device"])
    heavy = loaded["heavy_client"]
    assert ServiceEntry.objects.filter(client=heavy).count() > 2000
    light = (Client.objects.filter(register__operator__slug="hoivapolku", cases__granted_services__isnull=False)
             .exclude(pk=heavy).order_by("pk").first())
    assert light is not None
    parts = {}
    for part in FILE_PARTS:
        url = f"/clients/{heavy}/{part}"
        stats = summary(timed_gets(client, [url] * 60)[10:])  # the first ten warm up
        queries = queries_for(client, url)
        parts[part or "overview"] = {"p95_ms": round(stats["p95"], 2), "median_ms": round(stats["median"], 2),
                                     "queries": queries,
                                     "queries_light_client": queries_for(client, f"/clients/{light.pk}/{part}")}
    slowest = max(parts, key=lambda part: parts[part]["p95_ms"])
    constant = all(part["queries"] <= part["queries_light_client"] for part in parts.values())
    bench_record(f"client file, 2,000 entries, first page, slowest part ({slowest}, p95)",
                 parts[slowest]["p95_ms"], "ms", "< 40 ms", met=parts[slowest]["p95_ms"] < 40 and constant,
                 median_ms=parts[slowest]["median_ms"], constant_queries=constant, parts=parts)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(*, database_user: str, workers: int) -> Iterator[int]:
    """The production settings under gunicorn on 127.0.0.1, connected to the test database as
    `database_user`; yields the port once it answers."""
    settings = connection.settings_dict
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           # The session was signed here: the server must share the key.
           "DJANGO_SECRET_KEY": django_settings.SECRET_KEY, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "MEDIA_ROOT": str(ROOT / ".tmp" / "bench-media"),
           "ARCHIVE_ROOT": str(ROOT / ".tmp" / "bench-archive"),
           "DATABASE_URL": f"postgres://{database_user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def session_cookie(loaded: dict) -> str:
    # Production names the cookie __Host-sessionid (secure, host-only).
    return f"__Host-sessionid={loaded['session_key']}"


def test_bench_load_20_users_against_gunicorn(loaded, bench_record, django_db_blocker):
    """20 signed-in users for LOAD_SECONDS (default 60, after 5 s of warm-up) on loopback: list,
    search, client file (its first part, and the first page of visits and records).
    Users, not connections in a tight loop: each waits THINK_SECONDS (0.2-1.0 s, as a person
    reading and typing would, briefly) between pages. BENCH_THINK=0 makes it a saturation test."""
    with django_db_blocker.unblock():
        people = list(Client.objects.filter(register__operator__slug="hoivapolku").order_by("?")
                      .values_list("pk", "last_name")[:300])
    with gunicorn(database_user=connection.settings_dict["USER"], workers=3) as port:
        cookie = session_cookie(loaded)
        latencies: list[float] = []
        errors = [0]
        first_error: dict[str, str] = {}
        # The first seconds warm the workers up (imports, templates, connections): not measured.
        measure_from = time.monotonic() + WARMUP_SECONDS
        stop_at = measure_from + LOAD_SECONDS
        lock = threading.Lock()

        def user(seed: int) -> None:
            rng = random.Random(seed)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine: list[float] = []
            while time.monotonic() < stop_at:
                pk, name = rng.choice(people)
                url = rng.choice(["/clients/", f"/clients/?q={search_key(name)[:4]}", f"/clients/{pk}/",
                                  f"/clients/{pk}/entries/"])
                began = time.perf_counter()
                try:
                    conn.request("GET", url, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                    if not ok:
                        first_error.setdefault("status", f"{response.status} {url} {response.getheader('Location')}")
                except (OSError, http.client.HTTPException) as exc:
                    ok = False
                    first_error.setdefault("status", repr(exc))
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                if time.monotonic() >= measure_from:
                    mine.append((time.perf_counter() - began) * 1000)
                time.sleep(rng.uniform(*THINK_SECONDS))
                if not ok:
                    with lock:
                        errors[0] += 1
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=user, args=(i,)) for i in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = LOAD_SECONDS
    stats = summary(latencies)
    bench_record(f"load: 20 users (think 0.2-1 s), {LOAD_SECONDS} s, gunicorn (p95)", stats["p95"], "ms",
                 "< 150 ms, 0 errors",
                 met=stats["p95"] < 150 and errors[0] == 0, requests=stats["n"], errors=errors[0],
                 requests_per_second=round(stats["n"] / elapsed, 1), median_ms=round(stats["median"], 2),
                 first_error=first_error.get("status", ""))
