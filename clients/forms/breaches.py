"""Validation only, for the breach register."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Breach, BreachNoticeChannel, Client
from ..selectors.register import clients_matching

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M"]

MAX_LOOKUPS = 500


class ClientLookupsField(forms.CharField):
    """Identity codes or client numbers, one per line."""

    widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class AffectedClientsMixin:
    """Turns the lookups into clients from the queryset the view allows; unknown lines are errors
    (without saying whether such a client exists elsewhere)."""

    cleaned_data: dict[str, Any]
    clients_allowed: QuerySet[Client]

    def affected_clients(self) -> list[Client]:
        return self.cleaned_data.get("_affected", [])

    def clean_affected(self) -> list[str]:
        lookups = self.cleaned_data["affected"]
        if len(lookups) > MAX_LOOKUPS:
            raise forms.ValidationError(_("At most %(n)d clients at a time.") % {"n": MAX_LOOKUPS})
        found: dict[int, Client] = {}
        unknown = []
        for lookup in lookups:
            matches = list(clients_matching(self.clients_allowed, lookup)[:10])
            if not matches:
                unknown.append(lookup)
            for client in matches:
                found[client.pk] = client
        if unknown:
            raise forms.ValidationError(
                _("No client of yours matches: %(lookups)s") % {"lookups": ", ".join(unknown[:20])}
            )
        self.cleaned_data["_affected"] = list(found.values())
        return lookups


class BreachForm(AffectedClientsMixin, forms.ModelForm):
    affected = ClientLookupsField(
        label=_("Affected clients"), required=False, max_length=20_000,
        help_text=_("Personal identity codes or client numbers, one per line. More can be added later."),
    )

    class Meta:
        model = Breach
        fields = ["title", "discovered_at", "description", "affected_data", "consequences", "measures"]
        widgets = {"discovered_at": DATETIME_INPUT}
        help_texts = {
            "discovered_at": _("When the organisation became aware of the breach. The 72 hours "
                               "to notify the supervisory authority run from this moment."),
        }

    def __init__(self, *args: Any, clients: QuerySet[Client], now: datetime.datetime | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients_allowed = clients
        self.now = now or timezone.now()
        self.fields["discovered_at"].input_formats = DATETIME_FORMATS  # type: ignore[attr-defined]

    def clean_discovered_at(self) -> datetime.datetime:
        value = self.cleaned_data["discovered_at"]
        if value > self.now + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("The time of discovery cannot be in the future."))
        return value


class AffectedClientsForm(AffectedClientsMixin, forms.Form):
    affected = ClientLookupsField(
        label=_("Add affected clients"), max_length=20_000,
        help_text=_("Personal identity codes or client numbers, one per line."),
    )

    def __init__(self, *args: Any, clients: QuerySet[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clients_allowed = clients


class BreachAuthorityForm(forms.Form):
    reported_at = forms.DateTimeField(label=_("Reported to the supervisory authority at"),
                                      widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    reference = forms.CharField(label=_("Authority's reference"), max_length=100, required=False)
    late_reasons = forms.CharField(
        label=_("Reasons for the delay"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the notification came more than 72 hours after the breach was "
                    "discovered (GDPR Art 33(1))."),
    )

    def __init__(self, *args: Any, breach: Breach, now: datetime.datetime | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breach = breach
        self.now = now or timezone.now()

    def clean_reported_at(self) -> datetime.datetime:
        value = self.cleaned_data["reported_at"]
        if value > self.now + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("The time cannot be in the future."))
        if value < self.breach.discovered_at:
            raise forms.ValidationError(_("The report cannot be before the breach was discovered."))
        return value


class BreachNoticeForm(forms.Form):
    channel = forms.ChoiceField(label=_("Sent as"), choices=BreachNoticeChannel.choices)


class BreachAssessmentForm(forms.ModelForm):
    """The risk assessment (GDPR Art 33(3), Art 34(1))."""

    class Meta:
        model = Breach
        fields = ["likelihood", "severity", "people_categories", "people_count", "records_count",
                  "consequences"]
        widgets = {"people_categories": forms.Textarea(attrs={"rows": 2}),
                   "consequences": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "people_categories": _("For example: home-care clients, their next of kin, workers."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].required = True
        self.fields["severity"].required = True


class BreachDecisionForm(forms.ModelForm):
    """The decisions whether to notify the authority (Art 33) and the clients (Art 34), with
    reasons; the rules are the service's."""

    class Meta:
        model = Breach
        fields = ["authority_decision", "authority_decision_reasons", "subjects_decision",
                  "subjects_decision_reasons", "subjects_notice_due"]
        widgets = {"authority_decision": forms.RadioSelect, "subjects_decision": forms.RadioSelect,
                   "authority_decision_reasons": forms.Textarea(attrs={"rows": 3}),
                   "subjects_decision_reasons": forms.Textarea(attrs={"rows": 3}),
                   "subjects_notice_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "subjects_notice_due": _("When the clients are to be notified: without undue delay. "
                                     "The task list shows the date until every client is notified."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subjects_notice_due"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]  # type: ignore[attr-defined]
        for name in ("authority_decision", "subjects_decision"):
            self.fields[name].choices = [  # type: ignore[attr-defined]
                c for c in self.fields[name].choices if c[0]]  # type: ignore[attr-defined]
