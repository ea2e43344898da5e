"""Address protection (turvakielto, non-disclosure for personal safety).

A protected client's street address, postal code, city and municipality reach the client and
those who serve them (the client file on screen and in the client-file PDF, which staff hand
only to the client) and no one else: an access report or an export made for a guardian, a
legal representative or next of kin leaves them out, and lists show "address protected".

Decided and documented here: the archive package keeps the address, because the archive takes
the record as it is (Archives Act 831/1994) and the marking travels with it; the monthly
summary to the commissioning authority never carried the address; a letter to the client
(breach notice) is addressed to the client herself.

A person close to the client (a guardian, legal representative or next of kin) can carry the
marking too (`Representative.address_protected`): their street address, postal code and city
then reach the client and those serving the client only. An access report or export made for
a representative (the protected person themself included: it is the client's data they
receive, and the request is not a way to check what the register holds about them) leaves them
out, and so does every printout handed over for signing (the service plan and agreement, which
the other guardian signs too). The archive keeps them with the marking, as it keeps the
client's."""

import copy

from django.db.models import Exists, OuterRef

from ..models import Client, Representative

ADDRESS_FIELDS: tuple[str, ...] = ("street_address", "postal_code", "city", "municipality")
REPRESENTATIVE_ADDRESS_FIELDS: tuple[str, ...] = ("street_address", "postal_code", "city")


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


def representative_as_released(rep: Representative, *, to_client_or_serving: bool) -> Representative:
    """The person as they may appear in what goes to the recipient: an unsaved copy without
    their address when it is protected and the recipient is neither the client nor those
    serving the client."""
    if not rep.address_protected or to_client_or_serving:
        return rep
    released = copy.copy(rep)
    for name in REPRESENTATIVE_ADDRESS_FIELDS:
        setattr(released, name, "")
    released.save = _never_saved  # type: ignore[method-assign]
    return released


def people_as_released(people: "list[Representative]", *, to_client_or_serving: bool) -> list[Representative]:
    """`representative_as_released` for each person of a list."""
    return [representative_as_released(rep, to_client_or_serving=to_client_or_serving) for rep in people]


def people_address_protected() -> Exists:
    """An annotation: whether a person close to the client carries the marking."""
    return Exists(Representative.objects.filter(client=OuterRef("pk"), address_protected=True))


def address_protection_in_file(client: Client) -> bool:
    """Whether the client or anyone close to them carries the marking (every look is logged
    with it). Reads the `people_address_protected` annotation when the client came with it."""
    if client.address_protected:
        return True
    annotated = getattr(client, "people_address_protected", None)
    if annotated is not None:
        return bool(annotated)
    return client.representatives.filter(address_protected=True).exists()


def _never_saved(*args: object, **kwargs: object) -> None:
    raise RuntimeError("A client copy made for release is never saved.")
