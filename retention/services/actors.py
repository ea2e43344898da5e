"""The nightly run's own user.

Rows the run writes through other apps' services name a user (a disclosure to the archive is
`recorded_by` someone, PROTECTed), and change history names an actor. The run therefore acts as
a dedicated account, created on first use: inactive, without a usable password, a role or a
worker profile, so nobody can sign in as it and it never sees client data through the web."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

SYSTEM_USERNAME = "retention-run"


@transaction.atomic
def system_actor() -> User:
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Nightly retention run", "is_active": False, "password": make_password(None)},
    )
    return user
