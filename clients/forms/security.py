"""Validation only, for sign-in security, emergency access and the breach register."""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Breach, BreachNoticeChannel, Client
from ..selectors.security import clients_matching

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M"]
MAX_LOOKUPS = 500


class SignInForm(AuthenticationForm):
    """Django's sign-in form with its length limits enforced: the stock form only tells the
    browser, and an over-long username would reach django-axes' failure log (255 characters)
    and fail there. A name no account can have is refused before any authentication."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username_limit = self.fields["username"].max_length or 150  # type: ignore[attr-defined]
        self.fields["username"].validators.append(MaxLengthValidator(username_limit))
        self.fields["password"].validators.append(MaxLengthValidator(1024))


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"), max_length=40, strip=True,
        help_text=_("Six digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )


class TOTPConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false"}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the six digits the app shows."))
        return token


class EmergencyAccessForm(forms.Form):
    client = forms.CharField(
        label=_("Personal identity code or client number"), max_length=20, strip=True,
        help_text=_("The full personal identity code (e.g. 170550-123V) or the client number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, strip=True,
        help_text=_("Why you need this client's data now. The register contact reviews every "
                    "emergency access."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"]
        if len(reason) < 10:
            raise forms.ValidationError(_("Describe the reason in a sentence or two."))
        return reason


class EmergencyReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), max_length=2000, required=False, strip=True,
                           widget=forms.Textarea(attrs={"rows": 2}))


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
