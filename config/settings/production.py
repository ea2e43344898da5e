"""Production: every secret from the environment with no default; passes `check --deploy`."""

from .base import *  # noqa: F403
from .environment import database, env, setting, strict_bool

DEBUG = False
SECRET_KEY = setting("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = setting("DJANGO_ALLOWED_HOSTS", cast=env.list)
DATABASES = {"default": database()}  # (no default: PostgreSQL must be named)
MEDIA_ROOT = setting("MEDIA_ROOT")
ARCHIVE_ROOT = setting("ARCHIVE_ROOT")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = setting("DJANGO_SECURE_SSL_REDIRECT", cast=strict_bool, default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# __Host- cookies: only over HTTPS, only for this exact host, never shared with a subdomain.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Never off in production, whatever the environment says (a test holds this).
TWO_FACTOR_REQUIRED = True

# The demo identity provider of `make run` identifies nobody: never here (portal.E001 refuses it).
PORTAL_DEMO_PROVIDER = False
PORTAL_DEMO_ALLOWED = False

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
        "upgrade-insecure-requests": True,
    },
}
