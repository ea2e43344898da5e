"""GDPR Art 18: the one answer to "may this act be done to a restricted client's data?". Every
path asks it: the client file's edits and entries, the admin, every output of the client's data
through one door (clients/views/outputs.py: the client-file PDF, the plan and agreement
printouts, a copy of a document), the monthly summary, disclosures, the population-register
query. Only a data-subject request's answers and the letters to the client herself (Art 18(3),
Art 34) go without it; tests/protection/test_walk.py walks every URL to keep it so.

A restricted client's data is stored and readable by those who serve them; any other
processing needs one of Art 18(2)'s grounds, recorded for that act. The controller of the
register is not a third party: a purchased-services register's county receives its own
register's summary and disclosures as before."""

from django.utils.translation import gettext as _

from core.restriction import consent_ground_refusal

from ..constants import Art18Ground, RestrictedAct
from ..models import Client, Controller


def restriction_refusal(
    *, client: Client, act: str, ground: str = "", recipient_controller: Controller | None = None,
) -> str | None:
    """Why `act` may not be done to `client`'s data, or None. `ground` is the Art 18(2) ground
    recorded for this act; `recipient_controller` the organisation data would go to."""
    if not client.restricted:
        return None
    if ground in Art18Ground.values and ground != Art18Ground.CONSENT:
        return None
    if (act in (RestrictedAct.SUMMARY, RestrictedAct.DISCLOSURE) and recipient_controller is not None
            and recipient_controller.pk == client.register.controller_id):
        return None  # the register's own controller (the county) is not a third party
    if ground == Art18Ground.CONSENT:
        # Claimed, not taken on trust: a consent given after the restriction began must be in force.
        return consent_ground_refusal(client=client)
    return _("Processing of this client's data is restricted (GDPR Art 18): %(act)s needs a ground of "
             "Art 18(2) recorded for it (the client's consent, legal claims, another person's rights, "
             "an important public interest).") % {"act": RestrictedAct(act).label}
