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


class DeathsImportForm(forms.Form):
    """The population register's answer: a CSV file of identity code; date of death."""

    answer_file = forms.FileField(
        label=_("Population register's answer (CSV)"),
        help_text=_("One row per person: identity code; date of death (YYYY-MM-DD or D.M.YYYY)."))

    def clean_answer_file(self) -> bytes:
        upload = self.cleaned_data["answer_file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        return upload.read()
