from django.utils.formats import number_format

from digit.goals.indicators import programme_figures
from digit.goals.selectors import summary_programmes
from digit.goals.tables import TITLES, percent


def home_panel(request):
    """Every signed-in person: the headline of their programmes, linked to the open summary."""
    programmes = list(summary_programmes(request.user).order_by("-starts_on")[:3])
    if not programmes:
        return None
    rows = []
    for programme in programmes:
        figures = programme_figures(programme)
        sections = []
        for indicator in figures.indicator_list():
            total = indicator.total
            value: str | int | None  # a formatted share, or a count (role models)
            target: str | float
            if indicator.is_share:
                value = (
                    None if total.share is None else f"{number_format(percent(total.share), 1)} %"
                )
                target = f"≥ {number_format(percent(indicator.target, 0), 0)} %"
            else:
                value, target = total.x, indicator.target
            sections.append(
                {
                    "title": TITLES[indicator.code],
                    "value": value,
                    "target": target,
                    "hidden": total.hidden,
                }
            )
        rows.append((programme, sections))
    return ("goals/panel.html", {"programmes": rows})
