import uuid
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clients.models import Client, Register, Representative
from core.forms import DateFieldsMixin

from .constants import FeeGround, Outcome, RequesterRole, RequestType
from .models import DataSubjectRequest


class RequestForm(DateFieldsMixin, forms.ModelForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = DataSubjectRequest
        fields = ["type", "requester_role", "representative", "requester_name", "received_on", "channel",
                  "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._use_date_inputs()
        self.fields["representative"].queryset = Representative.objects.filter(  # type: ignore[attr-defined]
            client=client).exclude(role="next_of_kin")
        self.fields["requester_name"].required = False
        self.initial.setdefault("submission_key", uuid.uuid4())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("requester_role") not in (None, RequesterRole.CLIENT) and not data.get("representative"):
            self.add_error("representative", _("Choose the guardian or legal representative who made the request."))
        if not data.get("requester_name"):
            data.pop("requester_name", None)
        return data


class VerifyForm(forms.Form):
    """Plain forms, not ModelForms: the service, not the form, changes the request."""

    verification_method = forms.fields_for_model(DataSubjectRequest, ["verification_method"])[
        "verification_method"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verification_method"].required = True


class ExtendForm(DateFieldsMixin, forms.Form):
    extension_reason = forms.CharField(label=_("Reasons for extension"), widget=forms.Textarea(attrs={"rows": 3}))
    extension_notified_on = forms.DateField(label=_("Requester told of the extension on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._use_date_inputs()


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    refusal_reasons = forms.CharField(label=_("Reasons for refusal"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    redactions = forms.CharField(label=_("Redactions"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Third parties' data removed before release, and why."))
    no_redactions_needed = forms.BooleanField(
        label=_("No redactions needed"), required=False,
        help_text=_("The handler checked the data: nothing about third parties needs removing."))
    old_logs_reason = forms.CharField(label=_("Special reason to include log entries older than two years"),
                                      required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lift_restriction = forms.BooleanField(label=_("Lift the client's processing restriction"), required=False)
    fee_ground = forms.ChoiceField(label=_("Ground for a fee"), required=False,
                                   choices=[("", _("No fee: the copy is free"))] + FeeGround.choices)
    fee_amount = forms.DecimalField(label=_("Fee (EUR)"), required=False, min_value=0, max_digits=8,
                                    decimal_places=2)
    fee_reasons = forms.CharField(label=_("Reasons for the fee"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, fields: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        """`fields`: the parts of a decision the request type takes (`selectors.decide_fields`)."""
        super().__init__(*args, **kwargs)
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("What was answered to the question or feedback, as sent to the asker."))


class RefuseUnverifiedForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons for refusal"), widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=User.objects.none())

    def __init__(self, *args: Any, handlers: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers if handlers is not None else User.objects.none()  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("For the handlers only: never sent to the requester."))


class QueueFilterForm(DateFieldsMixin, forms.Form):
    """The queue's filters (GET)."""

    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("open", _("Open requests")), ("completed", _("Closed requests")), ("all", _("All requests"))])
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All types"))] + RequestType.choices)
    handler = forms.ModelChoiceField(label=_("Handler"), required=False, queryset=User.objects.none())
    register = forms.ModelChoiceField(label=_("Register"), required=False, queryset=Register.objects.none())
    received_from = forms.DateField(label=_("Received from"), required=False)
    received_to = forms.DateField(label=_("Received until"), required=False)
    q = forms.CharField(label=_("Client"), required=False, max_length=100)
    client = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, handlers: QuerySet[User], registers: QuerySet[Register], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._use_date_inputs()
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]
        self.fields["register"].queryset = registers  # type: ignore[attr-defined]


class Art19Form(DateFieldsMixin, forms.Form):
    """One recipient's notification (GDPR Art 19); the disclosure names the recipient."""

    disclosure = forms.IntegerField(widget=forms.HiddenInput)
    notified_on = forms.DateField(label=_("Notified on"))
    method = forms.CharField(label=_("How"), max_length=200, required=False,
                             help_text=_("E.g. letter, secure email, phone call to the named official."))
    explanation = forms.CharField(
        label=_("Or why not notified"), max_length=1000, required=False,
        help_text=_("GDPR Art 19: notifying is impossible or involves disproportionate effort, and why."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._use_date_inputs()
