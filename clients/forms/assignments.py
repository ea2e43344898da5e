"""Validation only, for moving clients between workers."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Client


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class ReassignForm(forms.Form):
    clients = forms.ModelMultipleChoiceField(queryset=Client.objects.none(), widget=forms.CheckboxSelectMultiple,
                                             label=_("Clients"))
    from_worker = WorkerChoiceField(queryset=User.objects.none(), required=False, widget=forms.HiddenInput)
    to_worker = WorkerChoiceField(queryset=User.objects.none(), label=_("Move to worker"))

    def __init__(self, *args: Any, clients: QuerySet[Client], workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clients"].queryset = clients  # type: ignore[attr-defined]
        self.fields["from_worker"].queryset = workers  # type: ignore[attr-defined]
        self.fields["to_worker"].queryset = workers  # type: ignore[attr-defined]
