"""Validation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consents.constants import ProhibitionKind
from requests.constants import RIGHTS_TYPES, RequestType


class ProhibitionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Prohibition"), choices=ProhibitionKind.choices)


class WithholdingForm(forms.Form):
    part = forms.CharField(label=_("Withheld part"), max_length=200,
                           help_text=_("For the staff only: the client's page never says what is withheld."))
    legal_ground = forms.CharField(label=_("Ground in law"), max_length=300,
                                   help_text=_("Shown to the client, e.g. “Lastensuojelulaki 417/2007 11 §”."))


class PortalRequestForm(forms.Form):
    # A question about the register has its own form (`PortalQuestionForm`) and answer time.
    type = forms.ChoiceField(label=_("What do you ask for?"),
                             choices=[(t.value, t.label) for t in RequestType if t in RIGHTS_TYPES],
                             widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("E.g. which data should be corrected and how, or what you object to."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


class PortalQuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question or feedback about the register"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
