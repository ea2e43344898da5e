"""The month chooser of the client file's hours (?month=YYYY-MM)."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

MONTH = re.compile(r"(\d{4})-(\d{2})")


class HoursMonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-02"}),
    )

    def clean_month(self) -> datetime.date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = MONTH.fullmatch(value)
        if match is None or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2200:
            raise forms.ValidationError(_("Give the month as year and month, for example 2026-02."))
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)
