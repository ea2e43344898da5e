"""Strong identification: an OpenID Connect relying party for the client's own pages.

What Finnish identity brokers require of a private service, and what this module guarantees:
- authorization code flow with PKCE (S256), a fresh state and nonce per sign-in, each usable once
  and for AUTH_MAX_AGE_SECONDS;
- a signed request object (RFC 9101 / OIDC Core 6.1) carrying every authorization parameter;
- `private_key_jwt` client authentication at the token endpoint (RFC 7523), signed with our key;
- the ID token's signature checked against the provider's JWKS, then its issuer, audience,
  expiry and nonce; the national identity code read from a configurable claim.

Built on Authlib's protocol parts (PKCE, the client assertion, the ID token claims) and its JOSE
library joserfc. Not on Authlib's Django client: that imports the PyPI `requests`, which this
project's own `requests` app shadows and which must never be installed. HTTP goes through the
standard library (two calls per sign-in, both to the configured provider).
"""

import json
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authlib.common.security import generate_token
from authlib.oauth2.rfc7523 import private_key_jwt_sign
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey, import_key

AUTH_MAX_AGE_SECONDS = 600
HTTP_TIMEOUT_SECONDS = 10
SIGNING_ALG = "RS256"
ID_TOKEN_ALGS = ["RS256", "PS256", "ES256"]
CLOCK_LEEWAY_SECONDS = 30


class SignInFailed(Exception):
    """The sign-in cannot be completed; `reason` is a short code for the log and the tests,
    never shown to the person as such."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    issuer: str
    client_id: str
    key_file: str
    identity_claim: str = "hetu"
    scope: str = "openid profile"
    demo: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def providers() -> dict[str, Provider]:
    """The configured providers (settings.PORTAL_OIDC_PROVIDERS), by name."""
    return {name: Provider(name=name, **config) for name, config in settings.PORTAL_OIDC_PROVIDERS.items()}


def provider_get(name: str) -> Provider | None:
    return providers().get(name)


# Our key ------------------------------------------------------------------------------------

def signing_key(provider: Provider) -> RSAKey:
    """Our private key for this provider (PEM or JWK file). `make run`'s demo makes one under
    .tmp/ on first use; everywhere else the file must exist."""
    path = Path(provider.key_file)
    if not path.exists() and provider.demo:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RSAKey.generate_key(2048, private=True).as_pem(private=True).decode())
        path.chmod(0o600)
    raw = path.read_bytes()
    key = import_key(json.loads(raw) if raw.lstrip().startswith(b"{") else raw, "RSA")
    assert isinstance(key, RSAKey)
    key.ensure_kid()
    return key


def public_jwks() -> dict[str, Any]:
    """The public keys the providers verify our request objects and client assertions with
    (served at /oma/jwks.json)."""
    keys = {}
    for provider in providers().values():
        try:
            key = signing_key(provider)
        except OSError:
            continue
        public = key.as_dict(private=False)
        public.update({"use": "sig", "alg": SIGNING_ALG})
        keys[public["kid"]] = public
    return {"keys": list(keys.values())}


# The provider's side -----------------------------------------------------------------------

def _http_json(url: str, data: dict[str, str] | None = None) -> dict[str, Any]:
    if not url.startswith(("https://", "http://")):
        raise SignInFailed("bad_url")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise SignInFailed(f"http_{error.code}") from error
    except (OSError, ValueError) as error:
        raise SignInFailed("provider_unreachable") from error


def discovery(provider: Provider) -> dict[str, Any]:
    """The provider's metadata (/.well-known/openid-configuration), cached for an hour."""
    key = f"portal.oidc.discovery.{provider.issuer}"
    metadata = cache.get(key)
    if metadata is None:
        metadata = _http_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
        cache.set(key, metadata, 3600)
    return metadata


# The flow ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuthorizationStart:
    url: str
    state: str
    pending: dict[str, Any]  # kept in the session until the callback, then dropped


def authorization_start(*, provider: Provider, redirect_uri: str, now: float | None = None) -> AuthorizationStart:
    """The URL that sends the person to the provider, and what the callback must check."""
    now = now or time.time()
    metadata = discovery(provider)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scope,
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    key = signing_key(provider)
    request_object = jwt.encode(
        {"alg": SIGNING_ALG, "kid": key.kid, "typ": "oauth-authz-req+jwt"},
        {**params, "iss": provider.client_id, "aud": provider.issuer, "iat": int(now), "nbf": int(now),
         "exp": int(now) + AUTH_MAX_AGE_SECONDS, "jti": generate_token(24)},
        key, algorithms=[SIGNING_ALG],
    )
    # The plain parameters travel too (OIDC Core 6.1: response_type, client_id and scope must);
    # the signed request object wins where a provider reads both.
    query = urllib.parse.urlencode({**params, "request": request_object})
    pending = {"provider": provider.name, "nonce": nonce, "verifier": verifier, "at": now,
               "redirect_uri": redirect_uri}
    return AuthorizationStart(url=f"{metadata['authorization_endpoint']}?{query}", state=state, pending=pending)


@dataclass(frozen=True)
class Identified:
    provider: str
    identity_code: str
    given_name: str
    family_name: str
    subject: str


def authorization_finish(
    *, pending: dict[str, Any] | None, code: str, now: float | None = None,
) -> Identified:
    """Exchange the code and verify the ID token. `pending` is what authorization_start left
    for this state (None when the state is unknown or already used: a replay)."""
    now = now or time.time()
    if pending is None:
        raise SignInFailed("unknown_state")
    if now - float(pending["at"]) > AUTH_MAX_AGE_SECONDS:
        raise SignInFailed("state_expired")
    provider = provider_get(pending["provider"])
    if provider is None:
        raise SignInFailed("unknown_provider")
    if not code:
        raise SignInFailed("no_code")
    metadata = discovery(provider)
    token_endpoint = metadata["token_endpoint"]
    assertion = private_key_jwt_sign(signing_key(provider), provider.client_id, token_endpoint,
                                     alg=SIGNING_ALG, header={"kid": signing_key(provider).kid})
    tokens = _http_json(token_endpoint, {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": pending["redirect_uri"],
        "code_verifier": pending["verifier"],
        "client_id": provider.client_id,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion.decode() if isinstance(assertion, bytes) else assertion,
    })
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SignInFailed("no_id_token")
    claims = id_token_verify(provider=provider, metadata=metadata, id_token=id_token,
                             nonce=pending["nonce"], now=now)
    identity_code = claims.get(provider.identity_claim)
    if not isinstance(identity_code, str) or not identity_code.strip():
        raise SignInFailed("no_identity_code")
    return Identified(provider=provider.name, identity_code=identity_code.strip().upper(),
                      given_name=str(claims.get("given_name", "")), family_name=str(claims.get("family_name", "")),
                      subject=str(claims["sub"]))


def id_token_verify(*, provider: Provider, metadata: dict[str, Any], id_token: str, nonce: str,
                    now: float) -> dict[str, Any]:
    """The ID token's claims, once its signature verifies against the provider's JWKS and its
    issuer, audience, expiry and nonce are ours."""
    try:
        keys = KeySet.import_key_set(_http_json(metadata["jwks_uri"]))  # type: ignore[arg-type]
        token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGS)
    except (JoseError, ValueError, KeyError) as error:
        raise SignInFailed("bad_signature") from error
    claims = CodeIDToken(
        token.claims, token.header,
        options={"iss": {"essential": True, "value": provider.issuer.rstrip("/")},
                 "aud": {"essential": True, "value": provider.client_id}},
        params={"nonce": nonce},
    )
    try:
        claims.validate(now=int(now), leeway=CLOCK_LEEWAY_SECONDS)
    except JoseError as error:
        reason = {"iss": "wrong_issuer", "aud": "wrong_audience", "exp": "expired", "nonce": "wrong_nonce"}.get(
            getattr(error, "claim", ""), "invalid_id_token")
        if getattr(error, "error", "") == "expired_token":
            reason = "expired"
        raise SignInFailed(reason) from error
    return dict(claims)
