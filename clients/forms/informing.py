"""Validation only: recording that a client was informed of the privacy notice."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT

from ..models import InformingMethod


class InformingForm(forms.Form):
    method = forms.ChoiceField(label=_("How"), choices=InformingMethod.choices, initial=InformingMethod.FIRST_VISIT)
    informed_on = forms.DateField(label=_("Informed on"), widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                  initial=timezone.localdate)
