"""DEMO ONLY: a tiny OpenID Connect issuer inside `make run`, so a newcomer can sign in to the
client's own pages as one of the demo clients without a real identity broker.

It identifies nobody: the page "Demo: choose a demo client" lets anyone pick a person. So it
answers only when the settings allow it (PORTAL_DEMO_PROVIDER and PORTAL_DEMO_ALLOWED, both set
only in config/settings/local.py); everywhere else every URL here is a 404, and the system check
portal.E001 refuses a configuration that turns it on (production never does).

The relying party (portal/oidc.py) talks to it exactly as to a real broker, over HTTP: the
demo issuer checks our signed request object, our private_key_jwt client assertion and the PKCE
verifier, and signs its ID tokens with its own key (kept under .tmp/).
"""

import base64
import hashlib
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

from authlib.common.security import generate_token
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey, import_key

from . import oidc
from .selectors import demo_people

CODE_SECONDS = 120
TOKEN_SECONDS = 300


def enabled() -> bool:
    return bool(getattr(settings, "PORTAL_DEMO_PROVIDER", False) and getattr(settings, "PORTAL_DEMO_ALLOWED", False))


def _provider() -> oidc.Provider:
    provider = next((p for p in oidc.providers().values() if p.demo), None)
    if provider is None or not enabled():
        raise Http404
    return provider


def _issuer() -> str:
    return _provider().issuer.rstrip("/")


def _issuer_key() -> RSAKey:
    path = Path(settings.PORTAL_DEMO_ISSUER_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RSAKey.generate_key(2048, private=True).as_pem(private=True).decode())
        path.chmod(0o600)
    key = import_key(path.read_bytes(), "RSA")
    assert isinstance(key, RSAKey)
    key.ensure_kid()
    return key


def _our_public_key(provider: oidc.Provider) -> RSAKey:
    return import_key(oidc.signing_key(provider).as_dict(private=False), "RSA")  # type: ignore[return-value]


def _error(error: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error}, status=status)


@require_GET
def configuration(request: HttpRequest) -> HttpResponse:
    issuer = _issuer()
    return JsonResponse({
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize/",
        "token_endpoint": f"{issuer}/token/",
        "jwks_uri": f"{issuer}/jwks.json",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "request_object_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
    })


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    _provider()  # a 404 unless the local settings allow the demo
    public = _issuer_key().as_dict(private=False)
    public.update({"use": "sig", "alg": "RS256"})
    return JsonResponse({"keys": [public]})


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """"Demo: choose a demo client": the signed request object is checked first, as a real
    broker does; then the newcomer picks a person and goes back to our callback with a code."""
    provider = _provider()
    ticket = request.POST.get("ticket") if request.method == "POST" else None
    if ticket:
        params = cache.get(f"portal.demo.ticket.{ticket}")
        if params is None:
            return _error("expired_ticket")
    else:
        try:
            params = jwt.decode(request.GET.get("request", ""), _our_public_key(provider), algorithms=["RS256"]).claims
        except (JoseError, ValueError):
            return _error("invalid_request_object")
        if params.get("client_id") != provider.client_id or params.get("code_challenge_method") != "S256":
            return _error("invalid_request_object")
        ticket = generate_token(24)
        cache.set(f"portal.demo.ticket.{ticket}", params, CODE_SECONDS * 5)
    people = demo_people()
    if request.method == "POST":
        chosen = next((p for p in people if p.key == request.POST.get("person")), None)
        if chosen is not None:
            cache.delete(f"portal.demo.ticket.{ticket}")
            code = generate_token(32)
            cache.set(f"portal.demo.code.{code}", {**params, "hetu": chosen.identity_code,
                                                   "given_name": chosen.first_names,
                                                   "family_name": chosen.last_name, "sub": chosen.key},
                      CODE_SECONDS)
            query = urllib.parse.urlencode({"code": code, "state": params["state"]})
            return redirect(f"{params['redirect_uri']}?{query}")
    return render(request, "portal/demo_choose.html", {"people": people, "ticket": ticket})


@csrf_exempt  # called server to server by the relying party, authenticated by its client assertion
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    provider = _provider()
    issued = cache.get(f"portal.demo.code.{request.POST.get('code', '')}")
    cache.delete(f"portal.demo.code.{request.POST.get('code', '')}")  # one use
    if issued is None:
        return _error("invalid_grant")
    try:
        assertion = jwt.decode(request.POST.get("client_assertion", ""), _our_public_key(provider),
                               algorithms=["RS256"]).claims
    except (JoseError, ValueError):
        return _error("invalid_client", 401)
    if assertion.get("iss") != provider.client_id or assertion.get("aud") != f"{_issuer()}/token/" \
            or float(assertion.get("exp", 0)) < time.time():
        return _error("invalid_client", 401)
    verifier = request.POST.get("code_verifier", "")
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    if not constant_time_compare(challenge, issued.get("code_challenge", "")) \
            or request.POST.get("redirect_uri") != issued.get("redirect_uri"):
        return _error("invalid_grant")
    now = int(time.time())
    key = _issuer_key()
    claims: dict[str, Any] = {
        "iss": _issuer(), "aud": provider.client_id, "sub": issued["sub"], "nonce": issued["nonce"],
        "iat": now, "exp": now + TOKEN_SECONDS, provider.identity_claim: issued["hetu"],
        "given_name": issued["given_name"], "family_name": issued["family_name"],
    }
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key, algorithms=["RS256"])
    return HttpResponse(json.dumps({"id_token": id_token, "token_type": "Bearer", "access_token": generate_token(32),
                                    "expires_in": TOKEN_SECONDS}), content_type="application/json")
