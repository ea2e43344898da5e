"""Validation only: the document upload form (the type and size rules live in
`clients.services.documents`) and the monthly summary's choice of authority and month."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT

from ..constants import DocumentKind
from ..models import Case, Client, Controller


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
    case = forms.ModelChoiceField(
        label=_("case"), queryset=Case.objects.none(), required=False,
        help_text=_("Filed under a case, the record is removed with that case when the case's "
                    "retention period has run out."))

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(  # type: ignore[attr-defined]
            client=client, records_removed_on__isnull=True)


class DocumentRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: scanned into the wrong client's file, or a duplicate."))


class DocumentMoveForm(forms.Form):
    """The right client, chosen among the search results, and the reason."""

    to_client: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Move to the file of"), queryset=Client.objects.none(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": _("Choose the client the document belongs to."),
                                          "invalid_choice": _("Choose the client the document belongs to.")})
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: QuerySet[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_client"].queryset = targets  # type: ignore[attr-defined]
        self.fields["to_client"].label_from_instance = (  # type: ignore[attr-defined]
            lambda client: ", ".join(part for part in (
                client.display_name, client.masked_identity_code, client.register.name) if part))


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
