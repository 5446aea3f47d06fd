"""Money as the reader's language writes it: 1 234,50 kr in Swedish, 1,234.50 in English."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from digit.finance.money import kronor, share_of, tkr

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Öre as kronor with two decimals and grouped thousands."""
    if ore is None:
        return "–"
    return number_format(kronor(ore), 2, force_grouping=True)


@register.filter
def whole_kr(ore: int | None) -> str:
    if ore is None:
        return "–"
    return number_format(kronor(ore), 0, force_grouping=True)


@register.filter(name="tkr")
def tkr_filter(ore: int | None) -> str:
    """Öre as whole thousand kronor (the unit of the funding decision)."""
    if ore is None:
        return "–"
    return number_format(tkr(ore), 0, force_grouping=True)


@register.filter
def percent(fraction) -> str:
    """A fraction with four decimals as a percentage with two (0.6693 → 66,93)."""
    if fraction is None:
        return "–"
    return number_format(Decimal(str(fraction)) * 100, 2)


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours with up to two decimals (450 → 7,5)."""
    if minutes is None:
        return "–"
    value = minutes / 60
    return number_format(value, 0 if value == int(value) else 2, force_grouping=True)


@register.filter(name="share_of")
def share_of_filter(part: int, whole: int):
    """``part`` / ``whole`` as a fraction with four decimals (for ``percent``)."""
    return share_of(part, whole)
