"""The Swedish personal identity number (personnummer): parse, resolve the century, mask.

Pure (no Django): takes text and the date the number is read on, returns an
``IdentityNumber`` or raises ``InvalidIdentityNumber`` with a reason code (never the value:
the number must not reach a log line or an error page through a message).

Accepted forms (docs/import.md):

- 12 digits ``YYYYMMDDNNNC``, with or without ``-`` before the last four;
- 10 digits ``YYMMDDNNNC``, with ``-`` or without a separator (under 100 years old), or with
  ``+`` (100 years or older). The century is resolved against ``on``: with ``-`` the birth
  year is the latest one at most 99 years before ``on``'s year whose last two digits match,
  and not after ``on`` itself; ``+`` means 100 years more (Skatteverket switches the sign in
  the year a person turns 100);
- coordination numbers (samordningsnummer): the day plus 60;
- the funder's pseudo numbers for protected identities: ``YYYYMMDD`` then ``T`` and three
  digits (``ÅÅÅÅMMDDTf29`` style, esf.md), with or without ``-``; no checksum, gender unknown.

The date (day − 60 for a coordination number) must exist and not lie after ``on``; the last
digit is the Luhn check digit over the ten digits ``YYMMDDNNN`` + C (python-stdnum's
``stdnum.luhn``). python-stdnum's own ``stdnum.se.personnummer`` (2.2) resolves the century
against today and refuses coordination numbers, so the date is checked here.
"""

import datetime
import enum
import re
from dataclasses import dataclass, field

from stdnum import luhn

_TWELVE = re.compile(r"^(\d{8})[-+]?(\d{4})$")
_TEN = re.compile(r"^(\d{6})([-+]?)(\d{4})$")
_PSEUDO = re.compile(r"^(\d{8})-?T(\d{3})$")
_LAYOUT = str.maketrans("", "", " \u00a0")
COORDINATION_DAY_OFFSET = 60


class Reason(enum.StrEnum):
    """Why a number was refused; the caller turns it into a message."""

    FORMAT = "format"  # not 10 or 12 digits (or a pseudo number) in an accepted layout
    DATE = "date"  # the birth date (or coordination date) does not exist
    FUTURE = "future"  # born after the date the number is read on
    CHECKSUM = "checksum"  # the Luhn check digit does not match


class InvalidIdentityNumber(ValueError):
    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


class Kind(enum.StrEnum):
    PERSONAL = "personal"  # personnummer
    COORDINATION = "coordination"  # samordningsnummer (day + 60)
    PSEUDO = "pseudo"  # the funder's number for a protected identity


@dataclass(frozen=True)
class IdentityNumber:
    """A valid number in its canonical 12-character form (``YYYYMMDDNNNC`` or
    ``YYYYMMDDTNNN``), what kind it is, and the birth date it carries."""

    canonical: str = field(repr=False)  # never in a log line through repr()
    kind: Kind
    birth_date: datetime.date

    @property
    def birth_year(self) -> int:
        return self.birth_date.year

    @property
    def gender(self) -> str | None:
        """ "woman" (even third serial digit) or "man" (odd); None for a pseudo number."""
        if self.kind is Kind.PSEUDO:
            return None
        return "man" if int(self.canonical[10]) % 2 else "woman"

    def formatted(self) -> str:
        """``YYYYMMDD-NNNC``: the form the statistics agency's file and the register use."""
        return f"{self.canonical[:8]}-{self.canonical[8:]}"

    def masked(self) -> str:
        """The birth date with the last four hidden: ``YYYYMMDD-****``."""
        return f"{self.canonical[:8]}-****"


def parse(text: str, *, on: datetime.date) -> IdentityNumber:
    """The number written in ``text`` (surrounding and inner spaces ignored), read on ``on``.

    Raises ``InvalidIdentityNumber`` with the first reason found: format, date, future,
    checksum (in that order).
    """
    compact = text.translate(_LAYOUT).upper()
    if match := _PSEUDO.match(compact):
        birth_date = _birth_date(match.group(1), on=on, coordination=False)
        return IdentityNumber(f"{match.group(1)}T{match.group(2)}", Kind.PSEUDO, birth_date)
    if match := _TWELVE.match(compact):
        digits = match.group(1) + match.group(2)
    elif match := _TEN.match(compact):
        date_part, sign, serial = match.groups()
        digits = _century(date_part, centenarian=sign == "+", on=on) + date_part + serial
    else:
        raise InvalidIdentityNumber(Reason.FORMAT)
    coordination = int(digits[6:8]) > COORDINATION_DAY_OFFSET
    birth_date = _birth_date(digits[:8], on=on, coordination=coordination)
    if not luhn.is_valid(digits[2:]):
        raise InvalidIdentityNumber(Reason.CHECKSUM)
    kind = Kind.COORDINATION if coordination else Kind.PERSONAL
    return IdentityNumber(digits, kind, birth_date)


def is_centenarian_on(birth_date: datetime.date, on: datetime.date) -> bool:
    """True from the year a person turns 100: their 10-digit form is written with ``+``."""
    return on.year - birth_date.year >= 100


def ten_digit_form(number: IdentityNumber, *, on: datetime.date) -> str:
    """``YYMMDD-NNNC`` or ``YYMMDD+NNNC`` as it is written on ``on`` (not for pseudo numbers)."""
    sign = "+" if is_centenarian_on(number.birth_date, on) else "-"
    return f"{number.canonical[2:8]}{sign}{number.canonical[8:]}"


def _century(date_part: str, *, centenarian: bool, on: datetime.date) -> str:
    """The two century digits of a 10-digit number read on ``on``."""
    two_digit_year = int(date_part[:2])
    latest = on.year - 100 if centenarian else on.year
    year = latest - (latest - two_digit_year) % 100
    day = int(date_part[4:6])
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    try:
        born = datetime.date(year, int(date_part[2:4]), day)
    except ValueError:
        born = None  # the date check reports it
    if born is not None and born > on:
        year -= 100  # turns 100 later this year and is still written with "-"
    return f"{year // 100:02d}"


def _birth_date(date_digits: str, *, on: datetime.date, coordination: bool) -> datetime.date:
    year, month, day = int(date_digits[:4]), int(date_digits[4:6]), int(date_digits[6:8])
    if coordination:
        day -= COORDINATION_DAY_OFFSET
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        raise InvalidIdentityNumber(Reason.DATE) from None
    if born > on:
        raise InvalidIdentityNumber(Reason.FUTURE)
    return born
