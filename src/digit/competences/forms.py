from django import forms

from digit.competences.models import Competence


class CustomCompetenceForm(forms.ModelForm):
    class Meta:
        model = Competence
        fields = ["code", "title_sv", "title_en", "description_sv", "description_en"]
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
