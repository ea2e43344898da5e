"""Validation only: the document upload form (the type and size rules live in
`clients.services.documents`) and the monthly summary's choice of authority and month."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT

from ..constants import DocumentKind
from ..models import Controller


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    document_date = forms.DateField(label=_("Document date"), widget=DATE_INPUT,
                                    input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


class MonthlySummaryForm(forms.Form):
    """Which commissioning authority and month (YYYY-MM)."""

    authority: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Commissioning authority"), queryset=Controller.objects.none())
    month = forms.RegexField(
        label=_("Month"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Give the month as YYYY-MM.")},
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def __init__(self, *args: Any, authorities: QuerySet[Controller], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]

    @property
    def year_month(self) -> tuple[int, int]:
        year, month = self.cleaned_data["month"].split("-")
        return int(year), int(month)
