"""`make test`: PostgreSQL from DATABASE_URL (started by .ci/with-postgres), fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR  # noqa: E402

# Only here: hashing speed matters more than strength for throwaway test users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(BASE_DIR / ".tmp" / "test-media")
ARCHIVE_ROOT = str(BASE_DIR / ".tmp" / "test-archive")
if os.environ.get("RETENTION_WORKER") == "1":  # a worker process a test started: the test's own folders
    MEDIA_ROOT, ARCHIVE_ROOT = os.environ["MEDIA_ROOT"], os.environ["ARCHIVE_ROOT"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # tests read django.core.mail.outbox
