"""Validation only: the rules of who may consent and what a purpose needs live in services."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.constants import RepresentativeRole
from clients.models import Client, Document, Representative

from .constants import ConsentMethod, GivenBy, ProhibitionKind
from .models import ConsentPurpose
from .selectors import purposes_for_client

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d", "%d.%m.%Y"]


def _moment_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _now_initial() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Representative) -> str:  # type: ignore[override]
        ends = obj.effective_until()
        period = f"{obj.valid_from:%d.%m.%Y} – {ends:%d.%m.%Y}" if ends else f"{obj.valid_from:%d.%m.%Y} –"
        return f"{obj.full_name} ({obj.get_role_display()}, {period})"


class PurposeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ConsentPurpose) -> str:  # type: ignore[override]
        return f"{obj.name} ({_('needs written consent')})" if obj.requires_written else obj.name


class ConsentForm(forms.Form):
    purpose = PurposeChoiceField(label=_("Purpose"), queryset=ConsentPurpose.objects.none())
    recipient_representative = RepresentativeChoiceField(
        label=_("Recipient (one of the client's people)"), queryset=Representative.objects.none(),
        required=False,
        help_text=_("For disclosures to next of kin or guardians: who may receive the data."),
    )
    recipient_name = forms.CharField(
        label=_("Recipient (organisation or authority)"), max_length=200, required=False,
        help_text=_("For disclosures to authorities or other controllers."),
    )
    given_by = forms.ChoiceField(label=_("Given by"), choices=GivenBy.choices, initial=GivenBy.CLIENT)
    given_by_representative = RepresentativeChoiceField(
        label=_("Guardian or legal representative who consented"), queryset=Representative.objects.none(),
        required=False,
    )
    method = forms.ChoiceField(label=_("Method"), choices=ConsentMethod.choices)
    given_at = _moment_field(_("Given at"))
    evidence_document = forms.ModelChoiceField(
        label=_("Evidence document"), queryset=Document.objects.none(), required=False,
        help_text=_("The signed consent, scanned into the client's documents."),
    )
    evidence_note = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the signed paper is kept, or how the consent was given."),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("given_at", _now_initial())
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = purposes_for_client(  # type: ignore[attr-defined]
            client).filter(consent_required=True)
        people = client.representatives.select_related("client")
        self.fields["recipient_representative"].queryset = people  # type: ignore[attr-defined]
        self.fields["given_by_representative"].queryset = people.exclude(  # type: ignore[attr-defined]
            role=RepresentativeRole.NEXT_OF_KIN)
        self.fields["evidence_document"].queryset = client.documents.all()  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), max_length=300, required=False,
        help_text=_("E.g. how the client told us: by phone, in person, by email."),
    )


class ProhibitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Prohibition"), choices=ProhibitionKind.choices)
    given_at = _moment_field(_("Given at"))
    note = forms.CharField(label=_("How it was given"), max_length=300, required=False,
                           help_text=_("E.g. by phone to customer service, by email."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("given_at", _now_initial())
        super().__init__(*args, **kwargs)


class LiftForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class ExportForm(forms.Form):
    purpose = forms.ModelChoiceField(label=_("Email list"), queryset=ConsentPurpose.objects.none())

    def __init__(self, *args: Any, purposes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = purposes  # type: ignore[attr-defined]
