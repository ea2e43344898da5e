"""Forms of the retention pages and admin: validation only."""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.utils.translation import gettext_lazy as _


class ForecastForm(forms.Form):
    months = forms.IntegerField(label=_("Months ahead"), min_value=1, max_value=60, initial=12, required=False)


class ReceiptActionForm(ActionForm):
    """The admin's action bar with the fields the receipt action needs."""

    reference = forms.CharField(label=_("Receipt reference"), max_length=200, required=False)
    received_on = forms.DateField(label=_("Received on"), required=False,
                                  help_text=_("YYYY-MM-DD; empty: today"))
