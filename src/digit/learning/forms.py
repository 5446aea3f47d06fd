from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from digit.competences.models import Competence
from digit.learning.models import Activity, Attendance, Evaluation, ReflectionPrompt, Session
from digit.programmes.models import Phase

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CatalogueFilterForm(forms.Form):
    competence = forms.ModelChoiceField(
        Competence.objects.all(), required=False, label=_("Competence"), empty_label=_("All")
    )
    kind = forms.ChoiceField(
        choices=[("", _("All")), *Activity.Kind.choices], required=False, label=_("Kind")
    )
    format = forms.ChoiceField(
        choices=[("", _("All")), *Activity.Format.choices], required=False, label=_("Format")
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "programme",
            "phase",
            "kind",
            "format",
            "title_sv",
            "title_en",
            "description_sv",
            "description_en",
            "competences",
            "level_from",
            "level_to",
            "duration_minutes",
        ]
        widgets = {"competences": forms.CheckboxSelectMultiple}

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = {
            "programme": programmes,
            "phase": Phase.objects.filter(programme__in=programmes),
            "competences": Competence.objects.select_related("area"),
        }
        for name, queryset in querysets.items():
            cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        for name in ("level_from", "level_to"):
            self.fields[name].widget.attrs.update(min=1, max=8)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        low, high = cleaned.get("level_from"), cleaned.get("level_to")
        if low is not None and high is not None and not 1 <= low <= high <= 8:
            self.add_error("level_to", _("Levels go from 1 to 8, the second not below the first."))
        phase, programme = cleaned.get("phase"), cleaned.get("programme")
        if phase and programme and phase.programme_id != programme.pk:
            self.add_error("phase", _("Choose a phase of the selected programme."))
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "leader",
            "external_trainer",
            "cancellation_deadline",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "cancellation_deadline": DATETIME,
        }

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["leader"]).queryset = leaders
        self.fields["leader"].required = False
        for name in ("starts_at", "ends_at", "cancellation_deadline"):
            field = cast(forms.DateTimeField, self.fields[name])
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        deadline = cleaned.get("cancellation_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error(
                "cancellation_deadline", _("The cancellation deadline must be before the start.")
            )
        if not cleaned.get("place") and not cleaned.get("online_url"):
            self.add_error("place", _("Give a place or an online link."))
        if not cleaned.get("leader") and not cleaned.get("external_trainer"):
            self.add_error(
                "leader", _("Choose a role model as leader or name an external trainer.")
            )
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None and capacity < self.instance.seats_taken:
            self.add_error(
                "capacity",
                ngettext(
                    "%(n)s person is already enrolled; the capacity cannot be lower.",
                    "%(n)s people are already enrolled; the capacity cannot be lower.",
                    self.instance.seats_taken,
                )
                % {"n": self.instance.seats_taken},
            )
        return cleaned


class StaffEnrolForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to enrol"))


class EvaluationForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session for your work?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not at all, 5 = very useful"),
    )

    class Meta:
        model = Evaluation
        fields = ["usefulness", "will_use"]
        labels = {"will_use": _("What will you use in your work?")}
        widgets = {"will_use": forms.Textarea(attrs={"rows": 3})}


class JournalEntryForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )


class ReflectionPromptForm(forms.ModelForm):
    class Meta:
        model = ReflectionPrompt
        fields = ["phase", "text_sv", "text_en", "order"]
        widgets = {
            "text_sv": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        phase = cast(forms.ModelChoiceField, self.fields["phase"])
        phase.queryset = programme.phases.filter(kind=Phase.Kind.SELF_REFLECTION)


class GroupFormationForm(forms.Form):
    min_size = forms.IntegerField(label=_("Smallest group"), min_value=2, max_value=30, initial=6)
    max_size = forms.IntegerField(label=_("Largest group"), min_value=2, max_value=30, initial=8)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        low, high = cleaned.get("min_size"), cleaned.get("max_size")
        if low and high and high < low:
            self.add_error("max_size", _("The largest group cannot be smaller than the smallest."))
        return cleaned


class MoveMemberForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["group"]).choices = [(g.pk, str(g)) for g in groups]


ATTENDANCE_CHOICES = Attendance.Status.choices
