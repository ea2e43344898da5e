"""Address protection (turvakielto, non-disclosure for personal safety).

A protected client's street address, postal code, city and municipality reach the client and
those who serve them (the client file on screen and in the client-file PDF, which staff hand
only to the client) and no one else: an access report or an export made for a guardian, a
legal representative or next of kin leaves them out, and lists show "address protected".

Decided and documented here: the archive package keeps the address, because the archive takes
the record as it is (Archives Act 831/1994) and the marking travels with it; the monthly
summary to the commissioning authority never carried the address; a letter to the client
(breach notice) is addressed to the client herself."""

import copy

from ..models import Client

ADDRESS_FIELDS: tuple[str, ...] = ("street_address", "postal_code", "city", "municipality")


def address_withheld(client: Client, *, to_client_or_serving: bool) -> bool:
    """Whether the address must be left out of what goes to this recipient."""
    return client.address_protected and not to_client_or_serving


def client_as_released(client: Client, *, to_client_or_serving: bool) -> Client:
    """The client as it may be shown to the recipient: an unsaved copy without the address and
    municipality when the address is protected and the recipient is someone else."""
    if not address_withheld(client, to_client_or_serving=to_client_or_serving):
        return client
    released = copy.copy(client)
    for name in ADDRESS_FIELDS:
        setattr(released, name, "")
    released.save = _never_saved  # type: ignore[method-assign]
    return released


def _never_saved(*args: object, **kwargs: object) -> None:
    raise RuntimeError("A client copy made for release is never saved.")
