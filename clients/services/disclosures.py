"""The disclosure log (luovutusloki): every disclosure outside the organisation goes through
`disclosure_record`, and every disclosure it records is first decided by the one decision,
`consents.selectors.use_decision`, which the consents app installs in `core.disclosures`
(`clients` never imports `consents`). `disclosure_decision_refusal` is that decision's "no" with
its reason, for pages that show what would be withheld before anything is handed out.

`disclosure_refusal` holds the client register's own rules (the law-based recipients, the
representative's role and validity, the minor's prohibition, the restriction); the decision
applies them to every law-based disclosure."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import acting_as
from core.disclosures import disclosure_decide

from ..constants import DisclosureDirection, RecipientKind, RestrictedAct
from ..models import Client, Controller, Disclosure, Representative
from ..selectors.restriction import restriction_refusal

# Recipients the provider may inform on a legal basis alone (a law named in `legal_basis`).
LAW_BASED_RECIPIENTS = {
    RecipientKind.COMMISSIONING_AUTHORITY,
    RecipientKind.AUTHORITY,
    RecipientKind.COURT,
    RecipientKind.POLICE,
    RecipientKind.KELA,
    RecipientKind.ARCHIVE,
    RecipientKind.CLIENT,
    RecipientKind.GUARDIAN,
    RecipientKind.LEGAL_REPRESENTATIVE,
}


class DisclosureRefused(ValidationError):
    """The disclosure may not be made; the message says why, in the user's language."""


def disclosure_refusal(
    *, client: Client, recipient_kind: str, legal_basis: str, consent_reference: int | None,
    representative: Representative | None, on: datetime.date,
    recipient_controller: Controller | None = None, restriction_ground: str = "",
) -> str | None:
    """Why this disclosure may not be recorded, or None. Law and the client file only: the
    consents app adds the consent-based answers in front of this."""
    representative_kinds = (RecipientKind.GUARDIAN, RecipientKind.LEGAL_REPRESENTATIVE,
                            RecipientKind.NEXT_OF_KIN)
    if recipient_kind in representative_kinds:
        if representative is None or representative.client_id != client.pk:
            return _("Choose the representative from the client's own representatives.")
        if representative.role != recipient_kind:
            return _("The chosen person is not recorded in that role.")
        if not representative.is_valid_on(on):
            return _("%(name)s is not a valid representative of the client on %(date)s.") % {
                "name": representative.full_name, "date": on.strftime("%d.%m.%Y")}
        if representative.disclosure_prohibited:
            # Seed 003: the minor has prohibited disclosure to this guardian.
            return _("The minor has prohibited disclosing information to this guardian "
                     "(assessed on %(date)s).") % {
                "date": representative.prohibition_assessed_on.strftime("%d.%m.%Y")
                if representative.prohibition_assessed_on else "–"}
    if consent_reference is None:
        if recipient_kind not in LAW_BASED_RECIPIENTS:
            return _("A disclosure to this recipient needs the client's consent.")
        if not legal_basis.strip():
            return _("Name the law on which the disclosure is based.")
    # Art 18 restricts processing, not the client's own access: the client and those who act for
    # them (a valid guardian or legal representative, checked above) still receive the data.
    acting_for_client = (RecipientKind.CLIENT, RecipientKind.GUARDIAN, RecipientKind.LEGAL_REPRESENTATIVE,
                         RecipientKind.ARCHIVE)
    if recipient_kind not in acting_for_client and consent_reference is None:
        # The one restriction policy (clients.selectors.restriction); a consent is a ground itself.
        return restriction_refusal(client=client, act=RestrictedAct.DISCLOSURE, ground=restriction_ground,
                                   recipient_controller=recipient_controller)
    return None


def disclosure_decision_refusal(
    *, client: Client, recipient_kind: str, legal_basis: str = "", on: datetime.date,
    representative: Representative | None = None, recipient_name: str = "",
    recipient_controller: Controller | None = None, restriction_ground: str = "",
    direction: str = DisclosureDirection.OUT,
) -> tuple[str | None, int | None]:
    """The one decision on a disclosure: (why not, or None; the consent it rests on, if any).
    Asks the installed decision (use_decision); without one, the register's own rules only."""
    answer = disclosure_decide(
        client=client, recipient_kind=recipient_kind, legal_basis=legal_basis, on=on,
        recipient=representative if representative is not None else recipient_name,
        recipient_controller=recipient_controller, restriction_ground=restriction_ground, direction=direction,
    )
    if answer is not None:
        return answer
    if direction == DisclosureDirection.IN:
        return None, None
    return disclosure_refusal(
        client=client, recipient_kind=recipient_kind, legal_basis=legal_basis, consent_reference=None,
        representative=representative, on=on, recipient_controller=recipient_controller,
        restriction_ground=restriction_ground,
    ), None


@transaction.atomic
def disclosure_record(
    *, actor: User, client: Client, recipient_kind: str, recipient_name: str, content: str,
    legal_basis: str = "", consent_reference: int | None = None,
    representative: Representative | None = None, recipient_controller: Controller | None = None,
    direction: str = DisclosureDirection.OUT, when: datetime.datetime | None = None,
    restriction_ground: str = "",
) -> Disclosure:
    """Record one disclosure (or, with direction "in", data received from outside). Raises
    DisclosureRefused with the reason when it may not be made; then nothing is recorded."""
    when = when or timezone.now()
    if not recipient_name.strip():
        raise DisclosureRefused(_("Name the recipient.") if direction == DisclosureDirection.OUT
                                else _("Name the source."))
    if not content.strip():
        raise DisclosureRefused(_("Say what was disclosed.") if direction == DisclosureDirection.OUT
                                else _("Say what was received."))
    if direction == DisclosureDirection.OUT:
        if consent_reference is not None:
            # The caller asked the decision itself and names the consent it rests on.
            refusal = disclosure_refusal(
                client=client, recipient_kind=recipient_kind, legal_basis=legal_basis,
                consent_reference=consent_reference, representative=representative,
                on=timezone.localdate(when), recipient_controller=recipient_controller,
                restriction_ground=restriction_ground,
            )
        else:
            refusal, consent_reference = disclosure_decision_refusal(
                client=client, recipient_kind=recipient_kind, legal_basis=legal_basis,
                on=timezone.localdate(when), representative=representative,
                recipient_name=recipient_name, recipient_controller=recipient_controller,
                restriction_ground=restriction_ground,
            )
        if refusal:
            raise DisclosureRefused(refusal)
    elif consent_reference is None:
        refusal, consent_reference = disclosure_decision_refusal(
            client=client, recipient_kind=recipient_kind, legal_basis=legal_basis, on=timezone.localdate(when),
            representative=representative, recipient_name=recipient_name, direction=direction,
        )
        if refusal:
            raise DisclosureRefused(refusal)
    with acting_as(actor):
        return Disclosure.objects.create(
            client=client, direction=direction, recipient_kind=recipient_kind,
            recipient_name=recipient_name, recipient_controller=recipient_controller,
            representative=representative, legal_basis=legal_basis,
            consent_reference=consent_reference, content=content, disclosed_at=when,
            recorded_by=actor,
        )
