"""A schemathesis check: no answer of the API publishes a number of a suppressed cell.

Two rules. Inside any answer, a group or wave marked ``"suppressed": true`` carries no
numbers at all. And every goal figure in an answer is held against the programme's figures
computed afresh from the database (``digit.goals.indicators.compute_figures``): a cell hidden
there is suppressed in the answer, and a published one has the same numbers.
"""

from digit.goals.figures import PARTICIPATION
from digit.goals.indicators import compute_figures

NUMBERS = ("n", "x", "share", "ci_low", "ci_high")


def _suppressed_with_numbers(data, path="$"):
    if isinstance(data, dict):
        if data.get("suppressed") is True:
            leaked = [key for key in NUMBERS if data.get(key) is not None]
            if leaked:
                yield f"{path}: suppressed, yet publishes {leaked}"
        for key, value in data.items():
            yield from _suppressed_with_numbers(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _suppressed_with_numbers(value, f"{path}[{index}]")


def _compare(group, cell, where):
    if cell.hidden:
        if not group["suppressed"]:
            yield f"{where}: hidden in the figures, published by the API"
    elif group["suppressed"] or (group["n"], group["x"]) != (cell.n, cell.x):
        yield f"{where}: API {group['n']}/{group['x']}, figures {cell.n}/{cell.x}"


def _cell_key(group):
    value = group["key"]
    # Units, and the people placed directly in a unit ("direct"), are keyed by the unit's id.
    return (group["dimension"], int(value) if group["dimension"] in ("unit", "direct") else value)


def _against_figures(programme, path_parameters, query, body):
    figures = compute_figures(programme)
    indicator = (path_parameters or {}).get("indicator")
    chosen = None
    if indicator:
        chosen = (
            figures.participation if indicator == PARTICIPATION else figures.indicators[indicator]
        )
    if isinstance(body, dict) and "groups" in body and chosen is not None:
        for group in body["groups"]:
            yield from _compare(group, chosen.cells[_cell_key(group)], group["label"])
    elif isinstance(body, dict) and "points" in body and chosen is not None:
        hidden = {point.wave_id: point.hidden for point in chosen.trend}
        for point in body["points"]:
            if hidden.get(point["wave_id"]) and not point["suppressed"]:
                yield f"trend {point['label']}: hidden in the figures, published by the API"
    elif isinstance(body, list) and body and "result" in body[0]:
        for item in body:
            cell = figures.indicators[item["code"]].cells[_cell_key(item["result"])]
            yield from _compare(item["result"], cell, item["code"])


def no_suppressed_cell_leaks(programme):
    """The check, for answers about ``programme`` (others hold nothing to compare)."""

    def check(ctx, response, case):
        if response.status_code != 200:
            return None
        body = response.json()
        problems = list(_suppressed_with_numbers(body))
        if (case.path_parameters or {}).get("slug") == programme.slug:
            problems += list(_against_figures(programme, case.path_parameters, case.query, body))
        assert not problems, "a suppressed cell leaks: " + "; ".join(problems)
        return True

    return check
