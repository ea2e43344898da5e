"""The change history names the acting user on every write, also when one service calls another
(nested `acting_as` blocks) and inside a request."""

from auditlog.models import LogEntry

from clients.models import Controller
from core.audit import acting_as
from tests.conftest import make_controller


def test_a_write_after_a_nested_block_still_names_the_outer_actor(caseworker, contact):
    """Seen: writes after an inner block ended were saved with no actor (django-auditlog's
    context forgets the outer one)."""
    first = make_controller("Ensimmäinen Oy")
    second = make_controller("Toinen Oy")
    with acting_as(contact):
        with acting_as(caseworker):
            first.city = "Tampere"
            first.save()
        second.city = "Turku"
        second.save()
    with acting_as(contact):
        with acting_as(contact):
            pass
        first.city = "Oulu"
        first.save()
    entries = LogEntry.objects.get_for_objects(Controller.objects.filter(pk__in=[first.pk, second.pk]))
    actors = {(entry.object_pk, entry.changes_dict["city"][1]): entry.actor for entry in entries
              if "city" in entry.changes_dict}
    assert actors[(str(first.pk), "Tampere")] == caseworker
    assert actors[(str(second.pk), "Turku")] == contact
    assert actors[(str(first.pk), "Oulu")] == contact
