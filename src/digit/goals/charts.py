"""Charts of the goal figures: SVG drawn by matplotlib (Agg, object API, no pyplot state),
embedded as a data: URI. Every chart is shown with its data table and a text summary."""

import base64
import datetime
import io

import numpy as np
from matplotlib.figure import Figure

INK = "#1b1b1f"
BRAND = "#0b4f6c"
ACCENT = "#8a3b12"
MUTED = "#4a4f57"


def _svg_data_uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(width=6.4, height=3.2) -> Figure:
    figure = Figure(figsize=(width, height), dpi=100)
    figure.set_facecolor("white")
    return figure


def trend_chart(
    points: list[tuple[datetime.date, float, float, float]],
    *,
    target: float | None,
    forecast: tuple[datetime.date, float, float, float] | None,
    labels: dict[str, str],
) -> str:
    """Shares over time (0–100 %) with 95 % intervals, the target as a line and the forecast
    at the programme's end as a dashed line with its interval.

    ``points``: (date, share, low, high) as fractions; ``forecast``: (date, value, low, high).
    """
    figure = _figure()
    axes = figure.add_subplot()
    if points:
        # As datetime64, which matplotlib's date axis takes and its type hints accept.
        dates = np.array([p[0] for p in points], dtype="datetime64[D]")
        values = [p[1] * 100 for p in points]
        below = [(p[1] - p[2]) * 100 for p in points]
        above = [(p[3] - p[1]) * 100 for p in points]
        axes.errorbar(
            dates, values, yerr=[below, above], color=BRAND, marker="o", capsize=4,
            linewidth=2, label=labels["observed"],
        )  # fmt: skip
        if forecast is not None:
            end, value, low, high = forecast
            ends = np.array([dates[-1], end], dtype="datetime64[D]")
            axes.plot(
                ends, [values[-1], value * 100], linestyle="--", color=ACCENT,
                linewidth=2, label=labels["forecast"],
            )  # fmt: skip
            axes.errorbar(
                ends[1:], [value * 100], yerr=[[(value - low) * 100], [(high - value) * 100]],
                color=ACCENT, marker="s", capsize=4,
            )  # fmt: skip
    if target is not None:
        axes.axhline(target * 100, color=INK, linestyle=":", linewidth=1.5, label=labels["target"])
    axes.set_ylim(0, 100)
    axes.set_ylabel(labels["axis"])
    axes.grid(axis="y", color="#c9ced6", linewidth=0.6)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncols=3, frameon=False, fontsize=8)
    figure.autofmt_xdate()
    return _svg_data_uri(figure)


def groups_chart(rows: list[tuple[str, float, float, float]], *, axis_label: str) -> str:
    """Horizontal bars of shares per group (0–100 %) with 95 % intervals.
    ``rows``: (label, share, low, high) of the published groups only."""
    figure = _figure(height=0.45 * max(len(rows), 2) + 0.8)
    axes = figure.add_subplot()
    labels = [row[0] for row in rows]
    values = [row[1] * 100 for row in rows]
    errors = [[(r[1] - r[2]) * 100 for r in rows], [(r[3] - r[1]) * 100 for r in rows]]
    positions = list(range(len(rows)))
    axes.barh(positions, values, xerr=errors, color=BRAND, ecolor=INK, capsize=3)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg_data_uri(figure)
