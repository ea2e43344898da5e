"""`manage.py demo_data` fills the consents app: the seeds' purposes, consents (some withdrawn),
prohibitions and email-list subscribers — all of them ones the rules accept."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from clients.constants import RegisterKind
from consents.constants import GivenBy, PurposeCode
from consents.models import Consent, ConsentPurpose, EmailSubscriber, Prohibition, local_day
from consents.selectors import consent_problem, use_decision

pytestmark = pytest.mark.django_db


def test_demo_data_creates_purposes_consents_and_prohibitions():
    out = StringIO()
    call_command("demo_data", "--clients", "400", "--seed", "11", stdout=out)
    assert "consents: demo data" in out.getvalue()
    own = ConsentPurpose.objects.filter(register__kind=RegisterKind.CLIENT_RECORDS)
    assert set(own.values_list("code", flat=True)) == set(PurposeCode.values)
    purchased = ConsentPurpose.objects.filter(register__kind=RegisterKind.PURCHASED_SERVICES)
    assert PurposeCode.EMAIL_MARKETING not in set(purchased.values_list("code", flat=True))
    assert own.get(code=PurposeCode.EMAIL_MARKETING, register__slug="asiakasrekisteri").requires_written

    consents = list(Consent.objects.select_related("client", "purpose", "given_by_representative"))
    assert 20 <= len({c.client_id for c in consents}) <= 80  # about a tenth of 400
    assert any(c.withdrawn_at for c in consents) and any(not c.withdrawn_at for c in consents)
    assert any(c.given_by == GivenBy.GUARDIAN for c in consents)
    assert Prohibition.objects.exists() and EmailSubscriber.objects.exists()
    for consent in consents:
        given_on = local_day(consent.given_at)
        assert consent.purpose.register_id == consent.client.register_id
        assert consent_problem(consent, client=consent.client, on=given_on) is None, consent
    today = timezone.localdate()
    allowed = [c for c in consents if c.withdrawn_at is None and use_decision(
        client=c.client, purpose=c.purpose, recipient=c.recipient_representative or c.recipient_name or None,
        on=today).allowed]
    assert allowed
