"""Signed unsubscribe tokens for email-list subscribers: a link that works without signing in.

The token names only the subscription (no address), is signed with the secret key and a salt
of its own for every list (purpose), and never expires: an unsubscribe link in an old email
must still work. A token altered in any way, or moved to another list, does not verify."""

from django.core import signing

from .models import EmailSubscriber


def _salt(purpose_pk: int) -> str:
    return f"consents.unsubscribe.purpose-{purpose_pk}"


def unsubscribe_token(subscriber: EmailSubscriber) -> str:
    return signing.dumps({"s": subscriber.pk}, salt=_salt(subscriber.purpose_id))


def unsubscribe_token_subscriber_pk(*, purpose_pk: int, token: str) -> int | None:
    """The subscription a token was made for, or None when it does not verify."""
    try:
        payload = signing.loads(token, salt=_salt(purpose_pk))
    except signing.BadSignature:
        return None
    pk = payload.get("s") if isinstance(payload, dict) else None
    return pk if isinstance(pk, int) else None
