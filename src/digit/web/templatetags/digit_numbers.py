"""``{% load digit_numbers %}``: figures with their unit, never rounded to nothing."""

import math

from django import template
from django.utils.formats import number_format

from digit.stats.precision import decimals_for

register = template.Library()


@register.filter
def percent(share, least: int = 0) -> str:
    """A share (0.0002) as a percentage in the active language ("0,02 %"), with at least
    ``least`` decimals and as many more as its first significant digit needs."""
    if share is None or share == "":
        return "–"
    value = float(share) * 100
    if not math.isfinite(value):
        return "–"
    return f"{number_format(value, decimals_for(value, least=least))}\u00a0%"
