"""Spreadsheet formula injection (ASVS 1.2.10): the one rule every CSV and XLSX export uses.

A cell whose text starts with = + - @, a tab or a carriage return would be run as a formula by
a spreadsheet program; prefixing an apostrophe makes it plain text.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text as a spreadsheet must show it: with a leading ' if it could start a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def restore(text: str) -> str:
    """Undo ``neutralise`` when reading back a file we exported (a round trip keeps the text)."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text
