"""The pages of the assessment form: one per competence area of the instrument's framework,
then one for the digital-working-practices block.

A frozen instrument never changes, so its pages are built once per process and reused by
every request (the form is the hottest path of the application).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from digit.assessments import scales
from digit.assessments.models import Item
from digit.competences.models import Area

_CACHE: dict[tuple[int, object], tuple["FormPage", ...]] = {}


@dataclass(frozen=True)
class FormPage:
    number: int  # 1-based, in the URL
    area: Area | None  # None for the practices page
    items: tuple[Item, ...]

    @property
    def title(self) -> str:
        return self.area.title if self.area is not None else str(_("Digital ways of working"))

    @property
    def is_practices(self) -> bool:
        return self.area is None


def form_pages(instrument) -> tuple[FormPage, ...]:
    """The instrument's pages in order; cached for frozen instruments."""
    key = (instrument.id, instrument.frozen_at)
    if instrument.frozen_at is not None and key in _CACHE:
        return _CACHE[key]
    items = list(
        instrument.items.select_related("competence__area").order_by(
            "competence__area__order", "competence__area__code", "order", "id"
        )
    )
    by_area: dict[int, list[Item]] = {}
    areas: dict[int, Area] = {}
    practices = []
    for item in items:
        if item.kind == Item.Kind.PRACTICE:
            practices.append(item)
        else:
            area = item.competence.area
            areas.setdefault(area.id, area)
            by_area.setdefault(area.id, []).append(item)
    pages = [FormPage(0, area, tuple(by_area[area_id])) for area_id, area in areas.items()]
    if practices:
        pages.append(FormPage(0, None, tuple(sorted(practices, key=lambda i: (i.order, i.id)))))
    numbered = tuple(
        FormPage(number, page.area, page.items) for number, page in enumerate(pages, start=1)
    )
    if instrument.frozen_at is not None:
        _CACHE[key] = numbered
    return numbered


def value_range(item: Item) -> range:
    """The answer values an item accepts (0–3, or 0–4 for work practices)."""
    return range(scales.maximum_for(item.kind) + 1)
