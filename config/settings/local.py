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
