"""Validation only, for sign-in and the second factor."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form with its length limits enforced: the stock form only tells the
    browser, and an over-long username would reach django-axes' failure log (255 characters)
    and fail there. A name no account can have is refused before any authentication."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username_limit = self.fields["username"].max_length or 150  # type: ignore[attr-defined]
        self.fields["username"].validators.append(MaxLengthValidator(username_limit))
        self.fields["password"].validators.append(MaxLengthValidator(1024))


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"), max_length=40, strip=True,
        help_text=_("Six digits from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )


class TOTPConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false"}),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the six digits the app shows."))
        return token
