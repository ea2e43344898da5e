"""The access report (tarkastusraportti, GDPR Art 15): everything held about the client and
what the register says about it, as a PDF for the requester."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import DisclosureDirection
from clients.selectors import (
    ADDRESS_FIELDS,
    address_withheld,
    client_as_released,
    client_file_data,
    people_as_released,
)

from ..constants import ReleasedDocument, RequesterRole
from ..models import DataSubjectRequest
from ..selectors import ACCESS_REPORT_TYPES, authority_missing, release_refusal
from .common import Redactions, register_context, render_pdf, requester_language

CONTENT_ACCESS_REPORT = "Tarkastusraportti"


def access_report_context(request: DataSubjectRequest, *, now: datetime.datetime) -> dict[str, Any]:
    """Everything held about the client, and what the register says about it: a fixed number of
    queries whatever the number of entries."""
    data = client_file_data(request.client, today=timezone.localdate(now))
    # Turvakielto: a guardian's, a legal representative's or next of kin's copy has no address.
    to_client = request.requester_role == RequesterRole.CLIENT
    client = client_as_released(data["client"], to_client_or_serving=to_client)
    # A person close to the client with turvakielto: their address reaches only the client.
    protected_people = {rep.pk for rep in data["representatives"] if rep.address_protected and not to_client}
    disclosures = data["disclosures"]
    return {
        **data,
        **register_context(client),
        "client": client,
        "address_withheld": address_withheld(client, to_client_or_serving=to_client),
        "representatives": people_as_released(data["representatives"], to_client_or_serving=to_client),
        "client_corrections": [c for c in data["client_corrections"]
                               if (not address_withheld(client, to_client_or_serving=to_client)
                                   or c.field.removeprefix("client.") not in ADDRESS_FIELDS)
                               and not (c.representative_id in protected_people
                                        and c.field.removeprefix("representative.") in ADDRESS_FIELDS)],
        "dsr": request,
        "now": now,
        "consents": list(client.consents.select_related(
            "purpose", "recipient_representative", "given_by_representative").order_by("-given_at", "-pk")),
        "prohibitions": list(client.prohibitions.order_by("-given_at", "-pk")),
        "recipients": [d for d in disclosures if d.direction == DisclosureDirection.OUT],
        "received_from": [d for d in disclosures if d.direction == DisclosureDirection.IN],
    }


def access_report_make(request: DataSubjectRequest, *, now: datetime.datetime) -> bytes:
    """The access report's bytes, in the requester's language; nothing checked or recorded
    (`outputs.produce`: the release is recorded when the file is handed out)."""
    with requester_language(request):
        now = timezone.localtime(now)
        redactions = Redactions.parse(request.redactions)
        context = {**access_report_context(request, now=now), "redaction_reasons": redactions.reasons}
        return render_pdf(
            template_name="requests/pdf/access_report.html", context=context, now=now, redactions=redactions,
            header=f"{request.client.display_name} – {_('Access report')}",
        )


def access_report_refusal(request: DataSubjectRequest) -> str | None:
    return release_refusal(request, types=ACCESS_REPORT_TYPES) or authority_missing()


def access_report_pdf(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """The access report (tarkastusraportti) for a verified access request whose requester may
    receive the client's data; recorded as a disclosure to the requester and an export."""
    from .produce import output_produce

    return output_produce(actor=actor, request=request, name=ReleasedDocument.ACCESS_REPORT, now=now)
