import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 90


def _default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI, goal report”."),
    )
    expires_on = forms.DateField(
        label=_("Valid through"),
        initial=_default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day the token works (at most a year ahead)."),
    )

    def clean_expires_on(self) -> datetime.date:
        expires_on: datetime.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        latest = today + datetime.timedelta(days=settings.DIGIT_API_TOKEN_MAX_DAYS)
        if expires_on < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if expires_on > latest:
            raise forms.ValidationError(
                _("Choose %(date)s or an earlier day.") % {"date": date_format(latest)}
            )
        return expires_on
