from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from digit.audit.models import Kind


class DateInput(forms.DateInput):
    input_type = "date"


class EntrySearchForm(forms.Form):
    person = forms.CharField(
        label=_("Person concerned"),
        required=False,
        max_length=100,
        help_text=_("Name, e-mail or employee number"),
    )
    actor = forms.CharField(
        label=_("Who"), required=False, max_length=100, help_text=_("Part of the e-mail address")
    )
    kind = forms.ChoiceField(label=_("What"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("All")), *Kind.choices]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if data and data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data
