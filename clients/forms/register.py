"""Validation only: what the user typed becomes clean data or errors in their language."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateFieldsMixin

from ..constants import Art18Ground, ClientKind, RepresentativeRole
from ..identifiers import business_id_clean, identity_code_birth_date, identity_code_clean
from ..models import Client, HealthInformation, Representative


class ClientForm(DateFieldsMixin, forms.ModelForm):
    class Meta:
        model = Client
        fields = [
            "register", "kind", "last_name", "first_names", "identity_code", "date_of_birth",
            "organisation_name", "business_id", "contact_person", "contact_phone",
            "preferred_language", "street_address", "postal_code", "city", "municipality",
            "phone", "email", "relationship_started", "relationship_ended", "date_of_death",
            "commissioning_authority", "payment_commitment_reference", "payment_commitment_from",
            "payment_commitment_until", "address_protected", "contact_channel", "no_letters_home",
            "interpreter_language",
        ]

    # Seed 003: the reason for overwriting a value; the earlier value stays readable.
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change data already recorded: the earlier value stays readable "
                    "in the client file with your name, the date and this reason."))

    def __init__(self, *args: Any, registers: Any = None, today: datetime.date | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self._use_date_inputs()
        if registers is not None:
            self.fields["register"].queryset = registers  # type: ignore[attr-defined]
        if self.instance.pk:
            # A client stays in its register; moving it is a disclosure, not an edit.
            del self.fields["register"]
        else:
            del self.fields["reason"]
        self.fields["identity_code"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_identity_code(self) -> str:
        code = self.cleaned_data.get("identity_code", "")
        return identity_code_clean(code, today=self.today) if code.strip() else ""

    def clean_business_id(self) -> str:
        value = self.cleaned_data.get("business_id", "")
        return business_id_clean(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ClientKind.PERSON:
            for name in ("last_name", "first_names"):
                if not data.get(name):
                    self.add_error(name, _("Required for a person."))
            code = data.get("identity_code")
            born = data.get("date_of_birth")
            if code:
                derived = identity_code_birth_date(code)
                if born and born != derived:
                    self.add_error("date_of_birth", _(
                        "The date of birth does not match the personal identity code (%(date)s)."
                    ) % {"date": derived.strftime("%d.%m.%Y")})
                data["date_of_birth"] = derived
            elif not born and "identity_code" not in self.errors:
                self.add_error("date_of_birth", _(
                    "Enter a personal identity code or, if the client has none, a date of birth."
                ))
            elif born and born > self.today:
                self.add_error("date_of_birth", _("The date of birth cannot be in the future."))
        elif kind == ClientKind.ORGANISATION and not data.get("organisation_name"):
            self.add_error("organisation_name", _("Required for an organisation."))
        started, ended = data.get("relationship_started"), data.get("relationship_ended")
        if started and ended and ended < started:
            self.add_error("relationship_ended", _("The relationship cannot end before it starts."))
        death = data.get("date_of_death")
        if death and death > self.today:
            self.add_error("date_of_death", _("The date of death cannot be in the future."))
        if death and data.get("date_of_birth") and death < data["date_of_birth"]:
            self.add_error("date_of_death", _("The date of death cannot be before the date of birth."))
        start, until = data.get("payment_commitment_from"), data.get("payment_commitment_until")
        if start and until and until < start:
            self.add_error("payment_commitment_until", _("The end date cannot be before the start date."))
        return data

    def validate_unique(self) -> None:
        """Say which register already has the code, in words a caseworker understands."""
        register = self.cleaned_data.get("register") or getattr(self.instance, "register", None)
        code = self.cleaned_data.get("identity_code")
        if register and code:
            others = Client.objects.filter(register=register, identity_code=code)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("identity_code", _(
                    "A client with this personal identity code already exists in this register."
                ))


class HealthInformationForm(forms.ModelForm):
    class Meta:
        model = HealthInformation
        fields = ["allergies", "special_needs", "home_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in fields}


class RepresentativeForm(DateFieldsMixin, forms.ModelForm):
    class Meta:
        model = Representative
        fields = [
            "role", "last_name", "first_names", "relationship", "phone", "email",
            "street_address", "postal_code", "city", "address_protected", "preferred_language", "valid_from",
            "valid_until",
            "disclosure_prohibited", "prohibition_reasoning",
        ]
        widgets = {"prohibition_reasoning": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, client: Client, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.today = today
        self._use_date_inputs()
        if not self.instance.pk:
            self.initial.setdefault("valid_from", today)
        else:  # seed 003: the reason for overwriting a detail; the earlier value stays readable
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Required when you change data already recorded: the earlier value stays readable "
                            "in the client file with your name, the date and this reason."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        start, until = data.get("valid_from"), data.get("valid_until")
        if start and until and until < start:
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        if role == RepresentativeRole.GUARDIAN and not self.client.is_minor_on(start or self.today):
            self.add_error("role", _(
                "A guardian can be recorded only for a client who is a minor. "
                "For an adult, record a legal representative."
            ))
        if data.get("disclosure_prohibited"):
            if role not in (RepresentativeRole.GUARDIAN, RepresentativeRole.LEGAL_REPRESENTATIVE):
                self.add_error("disclosure_prohibited", _(
                    "A minor's prohibition of disclosure can concern a guardian or a legal "
                    "representative only."
                ))
            if not data.get("prohibition_reasoning", "").strip():
                self.add_error("prohibition_reasoning", _(
                    "Record why the minor is able to decide and why withholding the information "
                    "does not endanger the child."
                ))
        return data


class ClientSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or personal identity code"), required=False, max_length=100)



def restriction_ground_field_add(form: forms.BaseForm, client: Client) -> None:
    """On a restricted client's pages (GDPR Art 18) a form that changes or adds data asks for the
    Art 18(2) ground of this one act; the service refuses the act without one and logs the one
    given. Nothing is asked for a client whose processing is not restricted."""
    if client.restricted:
        form.fields["restriction_ground"] = forms.ChoiceField(
            label=_("Ground for processing restricted data (GDPR Art 18(2))"),
            choices=[("", "–"), *Art18Ground.choices], required=False,
            help_text=_("The client's processing is restricted: choose the ground that allows this act, "
                        "or leave it and nothing is saved."))


class RestrictedOutputForm(forms.Form):
    """A restricted client's PDF, printout or document copy (GDPR Art 18): the Art 18(2) ground
    of this one output, recorded in the client's access log when the output is made."""

    restriction_ground = forms.ChoiceField(
        label=_("Ground for processing restricted data (GDPR Art 18(2))"),
        choices=[("", "–"), *Art18Ground.choices],
        help_text=_("The client's processing is restricted: the output is made only on one of these grounds, "
                    "and the ground is recorded in the client's access log."))
