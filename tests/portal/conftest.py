"""An identity broker inside the test run: oidc-provider-mock on 127.0.0.1, made as strict as the
Finnish brokers are (they require what the mock alone does not check): every authorization request
carries a request object signed with our key and matching its parameters, the token request
authenticates with private_key_jwt and proves the PKCE verifier. The broker can also be told to
hand out a tampered ID token (wrong audience, expired, another key), signed with its own key."""

import base64
import hashlib
import json
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import flask
import httpx
import oidc_provider_mock
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey, import_key
from oidc_provider_mock import _server, _storage

from tests.fixtures import english, purposes

__all__ = ["english", "purposes"]

CLIENT_ID = "asiakasrekisteri-test"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class Broker:
    url: str
    public_key: RSAKey
    challenges: dict[str, str] = field(default_factory=dict)  # state -> code_challenge
    code_challenges: dict[str, str] = field(default_factory=dict)  # code -> code_challenge
    seen: list[str] = field(default_factory=list)
    tamper: dict[str, Any] = field(default_factory=dict)
    sign_with_other_key: bool = False

    def person(self, sub: str, **claims: Any) -> None:
        response = httpx.put(f"{self.url}/users/{urllib.parse.quote(sub)}", json=claims)
        assert response.status_code == 204


def _refuse(error: str, status: int = 400) -> flask.Response:
    return flask.Response(json.dumps({"error": error}), status=status, mimetype="application/json")


def _strict(app: flask.Flask, broker: Broker) -> None:
    @app.before_request
    def check() -> flask.Response | None:
        request = flask.request
        if request.path == "/oauth2/authorize":
            signed = request.args.get("request")
            if not signed:
                return _refuse("request_object_required")
            try:
                claims = jwt.decode(signed, broker.public_key, algorithms=["RS256"]).claims
            except Exception:
                return _refuse("invalid_request_object")
            for name in ("client_id", "redirect_uri", "state", "nonce", "code_challenge", "response_type", "scope"):
                if claims.get(name) != request.args.get(name):
                    return _refuse(f"request_object_mismatch_{name}")
            if claims.get("code_challenge_method") != "S256" or claims.get("aud") != broker.url:
                return _refuse("invalid_request_object")
            broker.challenges[request.args["state"]] = claims["code_challenge"]
            broker.seen.append("request_object")
        elif request.path == "/oauth2/token":
            form = request.form
            if form.get("client_assertion_type") != ASSERTION_TYPE or "client_secret" in form:
                return _refuse("invalid_client", 401)
            try:
                claims = jwt.decode(form.get("client_assertion", ""), broker.public_key, algorithms=["RS256"]).claims
            except Exception:
                return _refuse("invalid_client", 401)
            if not (claims.get("iss") == claims.get("sub") == form.get("client_id")
                    and claims.get("aud") == f"{broker.url}/oauth2/token"):
                return _refuse("invalid_client", 401)
            broker.seen.append("private_key_jwt")
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if broker.code_challenges.get(form.get("code", "")) != digest:
                return _refuse("invalid_grant")
            broker.seen.append("pkce")
        return None

    @app.after_request
    def remember_and_tamper(response: flask.Response) -> flask.Response:
        request = flask.request
        if request.path == "/oauth2/authorize" and response.status_code in (302, 303):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(response.headers["Location"]).query)
            if "code" in query:
                broker.code_challenges[query["code"][0]] = broker.challenges.get(query["state"][0], "")
        tampering = broker.tamper or broker.sign_with_other_key
        if request.path == "/oauth2/token" and response.status_code == 200 and tampering:
            body = response.get_json()
            token = body["id_token"]
            header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
            claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
            claims.update(broker.tamper)
            key = (RSAKey.generate_key(2048, private=True) if broker.sign_with_other_key
                   else import_key(_storage.storage.jwk.as_dict(is_private=True), "RSA"))
            body["id_token"] = jwt.encode({"alg": "RS256", "kid": header.get("kid")}, claims, key, algorithms=["RS256"])
            response.set_data(json.dumps(body))
        return response


@pytest.fixture(scope="session")
def rp_key_file(tmp_path_factory) -> Path:
    """Our private key, as a key file the settings name."""
    path = tmp_path_factory.mktemp("portal-key") / "rp-key.pem"
    path.write_bytes(RSAKey.generate_key(2048, private=True).as_pem(private=True))
    return path


@pytest.fixture(scope="session")
def broker_server(rp_key_file):
    app = oidc_provider_mock.app(require_nonce=True)
    # The client is authenticated by `_strict` (private_key_jwt, which the mock does not know);
    # past that check the mock itself takes the client by its id alone.
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(oidc_provider_mock._app.AuthorizationCodeGrant, "TOKEN_ENDPOINT_AUTH_METHODS",
                        ["client_secret_basic", "client_secret_post", "none"])
    public = import_key(rp_key_file.read_bytes(), "RSA")
    with _server._threaded_server(app=app, host="127.0.0.1") as server:
        broker = Broker(url=f"http://127.0.0.1:{server.server_port}",
                        public_key=import_key(public.as_dict(private=False), "RSA"))
        _strict(app, broker)
        yield broker
    monkeypatch.undo()


@pytest.fixture
def broker(broker_server, settings, rp_key_file) -> Broker:
    """The broker, configured as the portal's provider `mock` (and fresh tampering)."""
    broker_server.tamper = {}
    broker_server.sign_with_other_key = False
    broker_server.seen.clear()
    settings.PORTAL_OIDC_PROVIDERS = {"mock": {
        "label": "Test broker", "issuer": broker_server.url, "client_id": CLIENT_ID,
        "key_file": str(rp_key_file), "identity_claim": "hetu"}}
    return broker_server


def _sign_in(client, broker: Broker, identity_code: str, *, sub: str | None = None, claims: dict | None = None):
    sub = sub or f"person-{identity_code}"
    broker.person(sub, **({"hetu": identity_code, "given_name": "Testi", "family_name": "Henkilö"}
                          if claims is None else claims))
    start = client.get("/oma/login/mock/")
    assert start.status_code == 302, start
    authorized = httpx.post(start["Location"], data={"sub": sub})
    assert authorized.status_code in (302, 303), authorized.text[:500]
    callback = urllib.parse.urlparse(authorized.headers["location"])
    return client.get(f"{callback.path}?{callback.query}")


@pytest.fixture
def sign_in(broker):
    """The whole round trip: our start page, the broker's form, back to our callback. Returns the
    callback's response (not followed)."""
    def run(client, identity_code: str, **kwargs):
        return _sign_in(client, broker, identity_code, **kwargs)
    return run


@pytest.fixture
def browser(client):
    client.cookies["django_language"] = "en"
    return client



@pytest.fixture(autouse=True)
def _fresh_limits():
    """The sign-in limits count per address in the cache: every test starts with none used."""
    from django.core.cache import cache
    cache.clear()
    yield
    cache.clear()
