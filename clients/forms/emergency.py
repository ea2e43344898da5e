"""Validation only, for emergency access and its review."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
