"""The seed programme's financing plan, as the seed document states it (shared/seed):
18 176 tkr in total; ESF 66.93 % = 12 166 tkr; co-financing 33.07 % = 6 010 tkr, of which
2 956 tkr in kind (participants' working time) and 3 054 tkr public cash.

The seed gives only the totals; the split of the other costs over categories is an assumption
of the demo (indirect costs at the flat 15 % of staff costs) and each category is spread
over the programme's years in proportion to its months (participants' time over the training
years only), with the largest-remainder method so that the years sum exactly.
"""

from digit.finance.money import allocate, ore_from_tkr

DECISION_REFERENCE = "2019/00123 (exempel)"
ESF_RATE = "0.6693"
# Years of 2019-09-02 – 2022-06-30 and their months in the programme.
YEAR_MONTHS = {2019: 4, 2020: 12, 2021: 12, 2022: 6}
TRAINING_MONTHS = {2019: 0, 2020: 12, 2021: 12, 2022: 6}
# category → tkr for the whole programme (sum 18 176)
CATEGORIES_TKR = {
    "staff": 9600,
    "indirect": 1440,  # 15 % of staff
    "external_services": 2800,
    "travel": 300,
    "equipment": 620,
    "premises": 460,
    "participant_time": 2956,
}
SOURCES_TKR = {"esf": 12166, "public_cash": 3054, "public_in_kind": 2956}


def budget_lines() -> list[tuple[str, int, int]]:
    """(category, year, öre) of the seed plan."""
    lines = []
    for category, total in CATEGORIES_TKR.items():
        months = TRAINING_MONTHS if category == "participant_time" else YEAR_MONTHS
        years = list(months)
        for year, part in zip(years, allocate(total, list(months.values())), strict=True):
            if part:
                lines.append((category, year, ore_from_tkr(part)))
    return lines


def sources() -> list[tuple[str, int]]:
    return [(kind, ore_from_tkr(amount)) for kind, amount in SOURCES_TKR.items()]
