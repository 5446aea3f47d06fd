"""Money arithmetic of the funding app on plain values: no Django, no floats.

Amounts are integer öre (1 krona = 100 öre); rates are ``Decimal`` fractions (0.6693 for
66.93 %). ``money`` holds rounding and exact sharing, ``plan`` checks a budget and financing
plan, ``hours`` turns attended minutes into certifiable hours and their value, ``claims`` adds
a payment claim up. Every rounding rule of the funding pages lives here, once.
"""
