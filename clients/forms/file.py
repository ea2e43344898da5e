"""Forms of the client file: validation only."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import ServiceTask
from ..models import Case, Client, GrantedService, ServiceAgreement, ServiceEntry, ServicePlan
from ..services.file import CORRECTABLE_ENTRY_FIELDS, CORRECTABLE_PLAN_FIELDS
from .register import DateFieldsMixin


class _DatedForm(DateFieldsMixin, forms.ModelForm):
    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self._use_date_inputs()

    def _not_before(self, data: dict[str, Any], first: str, second: str) -> None:
        if data.get(first) and data.get(second) and data[second] < data[first]:
            self.add_error(second, _("The end date cannot be before the start date."))

    def _not_future(self, data: dict[str, Any], name: str) -> None:
        if data.get(name) and data[name] > self.today:
            self.add_error(name, _("The date cannot be in the future."))


class CaseForm(_DatedForm):
    class Meta:
        model = Case
        fields = ["service_task", "title", "opened_on", "child_date_of_birth"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._not_future(data, "opened_on")
        self._not_future(data, "child_date_of_birth")
        if data.get("child_date_of_birth") and data.get("service_task") != ServiceTask.FAMILY_LAW_CHILD:
            self.add_error("child_date_of_birth",
                           _("A child's date of birth belongs only to a family-law matter concerning a child."))
        return data


class CaseCloseForm(_DatedForm):
    class Meta:
        model = Case
        fields = ["closed_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("closed_on"):
            self.add_error("closed_on", _("Enter the date the case closed."))
        self._not_future(data, "closed_on")
        if data.get("closed_on") and data["closed_on"] < self.instance.opened_on:
            self.add_error("closed_on", _("A case cannot close before it opens."))
        return data


class GrantedServiceForm(_DatedForm):
    class Meta:
        model = GrantedService
        fields = ["content", "valid_from", "valid_until", "granted_hours", "hours_period",
                  "commissioning_authority", "payment_commitment_reference"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._not_before(data, "valid_from", "valid_until")
        hours = data.get("granted_hours")
        if hours is not None and hours < 0:
            self.add_error("granted_hours", _("Hours cannot be negative."))
        return data


class EntryForm(_DatedForm):
    class Meta:
        model = ServiceEntry
        fields = ["granted_service", "kind", "date", "duration_minutes", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["granted_service"].queryset = GrantedService.objects.filter(  # type: ignore[attr-defined]
            case__client=client)
        self.fields["duration_minutes"].widget.attrs.update(min=0, max=24 * 60, step=5)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._not_future(data, "date")
        minutes = data.get("duration_minutes")
        if minutes is not None and minutes > 24 * 60:
            self.add_error("duration_minutes", _("A visit cannot last more than 24 hours."))
        return data


class _FiledUnderCaseForm(_DatedForm):
    """A record that may be filed under one of the client's cases: it then goes with that case
    when the case's own retention period has run out."""

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        field.queryset = Case.objects.filter(client=client, records_removed_on__isnull=True)  # type: ignore[attr-defined]
        field.help_text = _("Filed under a case, the record is removed with that case when the case's "
                            "retention period has run out.")


class AgreementForm(_FiledUnderCaseForm):
    provider_signs = forms.BooleanField(label=_("I sign the agreement for the provider"), required=False)

    class Meta:
        model = ServiceAgreement
        fields = ["service", "agreed_matters", "billing", "valid_from", "valid_until", "made_on", "place",
                  "client_signatory", "client_signed_on", "case"]
        widgets = {"agreed_matters": forms.Textarea(attrs={"rows": 4}),
                   "billing": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._not_before(data, "valid_from", "valid_until")
        self._not_future(data, "made_on")
        if data.get("client_signed_on") and not data.get("client_signatory"):
            self.add_error("client_signatory", _("Name who signed for the client."))
        return data


class AgreementAmendForm(AgreementForm):
    """A new version of the agreement, prefilled from the one it replaces (issue 21)."""

    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 2}))


class AgreementEndForm(forms.Form):
    """Ending an agreement (issue 21): when and why; the agreement stays readable."""

    ended_on = forms.DateField(label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason for ending"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(_FiledUnderCaseForm):
    worker_signs = forms.BooleanField(label=_("I sign the plan for the provider"), required=False)

    class Meta:
        model = ServicePlan
        fields = ["client_view", "service_and_need", "goals", "working_methods", "other_services",
                  "guardian_contact", "duty_to_notify_reviewed", "confidentiality_reviewed",
                  "liability_insurance_reviewed", "review_on", "made_on", "place", "client_signatory", "case"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ["client_view", "service_and_need", "goals", "working_methods", "other_services",
                    "guardian_contact"]}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._not_future(data, "made_on")
        if data.get("review_on") and data.get("made_on") and data["review_on"] < data["made_on"]:
            self.add_error("review_on", _("The review date cannot be before the plan's date."))
        return data


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("Field to correct"))
    value = forms.CharField(label=_("Corrected value"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Reason for correction"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)

    def __init__(self, *args: Any, target: ServiceEntry | ServicePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = CORRECTABLE_ENTRY_FIELDS if isinstance(target, ServiceEntry) else CORRECTABLE_PLAN_FIELDS
        self.fields["field"].choices = [  # type: ignore[attr-defined]
            (name, target._meta.get_field(name).verbose_name.capitalize()) for name in names  # type: ignore[union-attr]
        ]
        self.target = target

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = data.get("field")
        if name and "value" in data:
            model_field = self.target._meta.get_field(name)
            try:
                data["value"] = model_field.clean(data["value"].strip(), self.target)  # type: ignore[union-attr]
            except forms.ValidationError as exc:
                self.add_error("value", exc)
        return data
