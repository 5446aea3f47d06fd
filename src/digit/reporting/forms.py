from django import forms
from django.utils.translation import gettext_lazy as _


class ReportTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), required=False, max_length=20000
    )
