"""`make run`: the embedded SQLite demo on one machine. Never used in production."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-demo-only-not-a-secret")
# Debug off, as in production: a refused or unknown page is the app's own translated 404, not
# Django's technical page listing every URL pattern. DJANGO_DEBUG=true make run turns it on.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
# Emails (the daily task digest) are printed on the console, not sent.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
from .environment import setting, strict_bool  # noqa: E402

# The demo accounts sign in with a password only, unless TWO_FACTOR_REQUIRED=true is set.
# Production settings force it on whatever the environment says.
TWO_FACTOR_REQUIRED = setting("TWO_FACTOR_REQUIRED", cast=strict_bool, default=False)

# Static files without `collectstatic`: WhiteNoise (already in the middleware) serves them straight
# from the source folders, re-read on every request, whether debug is on or off.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# DEMO ONLY: the client's own pages (/oma/) get a practice identity provider inside this server
# (portal/demo.py, "Demo: choose a demo client"), so a newcomer can sign in as a demo client.
# PORTAL_DEMO_PROVIDER=false turns it off. Production settings never allow it.
PORTAL_DEMO_ALLOWED = True
PORTAL_DEMO_PROVIDER = setting("PORTAL_DEMO_PROVIDER", cast=strict_bool, default=True)
if PORTAL_DEMO_PROVIDER:
    PORTAL_OIDC_PROVIDERS["demo"] = {  # noqa: F405
        "label": "DEMO", "issuer": setting("PORTAL_DEMO_ISSUER", default="http://127.0.0.1:8000/oma/demo"),
        "client_id": "asiakasrekisteri-demo", "key_file": str(BASE_DIR / ".tmp" / "portal-demo-rp-key.pem"),  # noqa: F405
        "identity_claim": "hetu", "demo": True,
    }
