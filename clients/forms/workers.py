"""Validation only, for the admin's one form for a new worker."""

from typing import Any

from django import forms
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.roles import Role

from ..models import Controller


class NewWorkerForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = UsernameField(label=_("Username"), max_length=150,
                             help_text=_("Used to sign in, e.g. firstname.lastname."))
    email = forms.EmailField(label=_("Email"))
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Controller.objects.none())
    confidentiality_signed_on = forms.DateField(
        label=_("Confidentiality commitment signed on"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Until this date is recorded the worker sees no client data."),
    )
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, organisations: QuerySet[Controller], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            field.initial = organisations.get()
            field.disabled = True  # an organisation admin's workers join the admin's organisation

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return str(username)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
