from typing import cast

from django import forms
from django.conf import settings
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
        unit = cast(forms.ChoiceField, self.fields["unit"])
        unit.choices = [("", _("All units"))] + [(u.pk, u.name) for u in units]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR file"),
        help_text=_(
            "CSV or XLSX exported from the HR system, at most 10 MB. The format is described below."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("Kind of import"),
        choices=[
            (
                "full",
                _("Full: everyone employed is in the file; people missing are marked as left"),
            ),
            ("partial", _("Partial: only add and update the people in the file")),
        ],
        initial="full",
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DIGIT_IMPORT_MAX_BYTES
        if upload.size > limit:  # checked before a single byte is parsed
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB."),
                params={
                    "size": f"{upload.size / 1048576:.1f}".rstrip("0").rstrip("."),
                    "limit": f"{limit / 1048576:.1f}".rstrip("0").rstrip("."),
                },
            )
        return upload
