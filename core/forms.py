"""Form helpers every app's forms share."""

from django import forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateFieldsMixin:
    """Every DateField uses the browser's date picker (ISO in the wire format)."""

    def _use_date_inputs(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.DateField):
                field.widget = DATE_INPUT
                field.input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
