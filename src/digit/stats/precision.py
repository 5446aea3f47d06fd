"""How many decimals a figure needs so that it is not rounded to nothing.

A relative gap of 0.0002 shown with two decimals as a percentage is "0,02 %"; shown as a plain
share with two decimals it is "0,00", which says the opposite of the truth (a gap, but a
small one). Pure Python, no Django.
"""

import math


def decimals_for(value: float, *, least: int = 0, most: int = 6) -> int:
    """The decimals that show ``value``'s first significant digit, at least ``least``.

    ``decimals_for(0.02) == 2`` ("0,02"), ``decimals_for(0.2) == 1``, ``decimals_for(12.3,
    least=1) == 1``; zero (and anything at or above 1) gets ``least``. Never more than ``most``:
    beyond that the value is shown as zero, which it then is for every practical purpose.
    """
    magnitude = abs(value)
    if magnitude == 0 or magnitude >= 1 or not math.isfinite(magnitude):
        return least
    first_significant = -math.floor(math.log10(magnitude))
    return min(most, max(least, first_significant))
