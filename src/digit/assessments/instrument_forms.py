from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from digit.assessments.instruments import MAX_IMPORT_BYTES
from digit.assessments.models import Item
from digit.competences.models import Competence


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["key", "kind", "competence", "domain", "text_sv", "text_en", "order"]
        field_classes = {"competence": CompetenceChoiceField}
        widgets = {
            "text_sv": forms.Textarea(attrs={"rows": 3}),
            "text_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "key": _("Stable across versions: waves are compared on items with the same key."),
            "competence": _("For knowledge, skill and attitude items."),
            "domain": _("For work-practice items."),
        }

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instrument = instrument
        competence = cast(CompetenceChoiceField, self.fields["competence"])
        competence.queryset = Competence.objects.filter(
            area__framework_id=instrument.framework_id
        ).select_related("area")
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Leave empty to place the item last.")
        self._instrument = instrument

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == Item.Kind.PRACTICE:
            if data.get("competence"):
                self.add_error("competence", _("A work-practice item has no competence."))
            if not data.get("domain"):
                self.add_error("domain", _("Choose the domain of the work practice."))
        elif kind:
            if not data.get("competence"):
                self.add_error("competence", _("Choose the competence the item measures."))
            if data.get("domain"):
                self.add_error("domain", _("Only work-practice items have a domain."))
        if data.get("order") is None and "order" not in self.errors:
            last = self._instrument.items.order_by("-order").values_list("order", flat=True)
            data["order"] = (last.first() or 0) + 1
        return data


class ItemBankImportForm(forms.Form):
    file = forms.FileField(
        label=_("Item-bank file"),
        help_text=_("CSV or JSON in the item-bank format, at most 2 MB."),
    )
    name = forms.CharField(
        label=_("Name of the new instrument"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the name in the file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".json")):
            raise forms.ValidationError(_("Choose a .csv or .json file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
