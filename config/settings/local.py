"""`make run`: the embedded SQLite demo on one machine. Never used in production."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-demo-only-not-a-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403
