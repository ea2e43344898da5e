"""Recording a disclosure, or data received from outside: validation only. Whether the
disclosure may be made is the decision's (clients.services.disclosure_record)."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateFieldsMixin

from ..constants import Art18Ground, RecipientKind
from ..models import Client, Representative

# Whom a worker records a disclosure to: the archive and the client's own copies are recorded by
# the handoff and the request outputs themselves.
RECIPIENT_KINDS = [(value, label) for value, label in RecipientKind.choices
                   if value not in (RecipientKind.ARCHIVE, RecipientKind.CLIENT)]
SOURCE_KINDS = [(value, label) for value, label in RecipientKind.choices
                if value not in (RecipientKind.ARCHIVE, RecipientKind.CLIENT)]


class DisclosureForm(DateFieldsMixin, forms.Form):
    """A disclosure out (direction "out") or data received from a source (direction "in")."""

    recipient_kind = forms.ChoiceField(label=_("Kind of recipient"), choices=RECIPIENT_KINDS)
    representative = forms.ModelChoiceField(
        label=_("Person"), queryset=Representative.objects.none(), required=False,
        help_text=_("For a guardian, legal representative or next of kin: choose the client's own person."))
    recipient_name = forms.CharField(label=_("Recipient"), max_length=200, required=False)
    content = forms.CharField(label=_("What was disclosed"), widget=forms.Textarea(attrs={"rows": 4}))
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=300, required=False,
        help_text=_("The law the disclosure rests on (e.g. Lastensuojelulaki 25 §). Leave empty when it rests "
                    "on the client's consent."))
    on = forms.DateField(label=_("Date"))
    restriction_ground = forms.ChoiceField(
        label=_("Ground for processing a restricted client's data (GDPR Art 18(2))"),
        choices=[("", "—"), *Art18Ground.choices], required=False)

    def __init__(self, *args: Any, client: Client, direction: str, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.direction = direction
        self._use_date_inputs()
        self.fields["representative"].queryset = client.representatives.all()  # type: ignore[attr-defined]
        if direction == "in":
            self.fields["recipient_kind"].label = _("Kind of source")
            self.fields["recipient_kind"].choices = SOURCE_KINDS  # type: ignore[attr-defined]
            self.fields["recipient_name"].label = _("Received from")
            self.fields["content"].label = _("What was received")
            self.fields["legal_basis"].help_text = _("The law or the consent on which the data was received.")
            del self.fields["restriction_ground"]
        if not client.restricted and "restriction_ground" in self.fields:
            del self.fields["restriction_ground"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on") and data["on"] > self.today:
            self.add_error("on", _("The date cannot be in the future."))
        person = data.get("representative")
        if person is not None and not (data.get("recipient_name") or "").strip():
            data["recipient_name"] = person.full_name
        if not (data.get("recipient_name") or "").strip():
            self.add_error("recipient_name", _("Name the recipient.") if self.direction == "out"
                           else _("Name the source."))
        return data
