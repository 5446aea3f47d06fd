from dataclasses import dataclass, field

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from digit.assessments.models import Instrument, Wave
from digit.assessments.waves import period_errors
from digit.people.models import Person, Unit
from digit.programmes.models import Programme


@dataclass
class UnitNode:
    """A unit in the wave form's tree, with the current people in it and every unit below."""

    unit: Unit
    people: int = 0
    checked: bool = False
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(units, people_per_unit: dict[int, int], checked: set[int]) -> list[UnitNode]:
    """The organisation as nested nodes (roots first, siblings by name), with subtree counts."""
    nodes = {unit.pk: UnitNode(unit, checked=unit.pk in checked) for unit in units}
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)

    def count(node: UnitNode) -> int:
        node.children.sort(key=lambda child: child.unit.name)
        node.people = people_per_unit.get(node.unit.pk, 0) + sum(map(count, node.children))
        return node.people

    roots.sort(key=lambda root: root.unit.name)
    for root in roots:
        count(root)
    return roots


class UnitTreeWidget(forms.CheckboxSelectMultiple):
    """Checkboxes rendered as the unit tree (assessments/_unit_tree.html); the field's label
    and error links point at the tree's fieldset."""

    def id_for_label(self, id_, index=None):
        return id_


class WaveForm(forms.Form):
    programme = forms.ModelChoiceField(Programme.objects.all(), label=_("Programme"))
    kind = forms.ChoiceField(choices=Wave.Kind.choices, label=_("Kind"))
    name = forms.CharField(max_length=200, label=_("Name"))
    instrument = forms.ModelChoiceField(Instrument.objects.all(), label=_("Instrument"))
    opens_on = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.ModelMultipleChoiceField(
        Unit.objects.all(),
        label=_("Units in scope"),
        widget=UnitTreeWidget,
        help_text=_(
            "Everyone currently employed in the units you tick, and in every unit below them, is "
            "invited: tick a department to take all of it."
        ),
    )

    def unit_tree(self) -> list[UnitNode]:
        counts = dict(
            Person.objects.current().values_list("unit_id").annotate(n=Count("pk")).order_by()
        )
        checked = {str(value) for value in (self["units"].value() or [])}
        units = list(Unit.objects.all())
        return unit_tree(units, counts, {unit.pk for unit in units if str(unit.pk) in checked})

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing day must be on or after the opening day."))
        if data.get("programme") and data.get("opens_on") and data.get("closes_on"):
            errors = period_errors(data["programme"], data["opens_on"], data["closes_on"])
            for field, message in errors.items():
                self.add_error(field, message)
        return data
