from django import forms
from django.utils.translation import gettext_lazy as _

from digit.people.models import Gender


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, e-mail or employee number"),
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("current", _("Employed")), ("left", _("Left")), ("all", _("All"))],
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("All"))] + list(Gender.choices)
    )
    manager = forms.ChoiceField(
        label=_("Manager"),
        required=False,
        choices=[("", _("All")), ("yes", _("Managers")), ("no", _("Not managers"))],
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All units"))] + [(u.pk, u.name) for u in units]
