"""The competence wheel: a polar bar chart drawn with matplotlib (Agg backend) as SVG.

One bar per competence, grouped and coloured by area, radius 0–100 % of the scale; the
previous wave, when there is one, as an outline. Every use shows the data table beside it.
"""

import io
import math

PALETTE = ["#0b4f6c", "#8a3b12", "#1e6b34", "#6b2d8a", "#8a5a00", "#3d4a5c", "#a4262c"]


def wheel_svg(
    competences: list[tuple[str, str, float, float | None]],
    areas: list[tuple[str, str]],
    title: str,
    previous_label: str = "",
    current_label: str = "",
) -> str:
    """SVG text of the wheel.

    ``competences``: (code, area code, score 0–100, previous score or None), in order;
    ``areas``: (area code, area title), in order.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.artist import Artist
    from matplotlib.patches import Patch

    matplotlib.rcParams["svg.hashsalt"] = "digit"  # stable ids: same data, same SVG
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["font.family"] = "DejaVu Sans"

    colour = {code: PALETTE[i % len(PALETTE)] for i, (code, _title) in enumerate(areas)}
    figure = plt.figure(figsize=(6.4, 6.4), dpi=100)
    _draw_bars(figure.add_subplot(projection="polar"), competences, colour, current_label)
    handles: list[Artist] = [
        Patch(color=colour[code], label=f"{code} {title}") for code, title in areas
    ]
    if previous_label and any(c[3] is not None for c in competences):
        from matplotlib.lines import Line2D

        handles.append(Line2D([0], [0], color="#1b1b1f", linewidth=2, label=previous_label))
    figure.legend(
        handles=handles, loc="lower center", ncol=2, fontsize=8, frameon=False, borderaxespad=0.2
    )
    figure.suptitle(title, fontsize=12)
    figure.subplots_adjust(top=0.9, bottom=0.22)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _draw_bars(axes, competences, colour: dict[str, str], label: str) -> None:
    """One bar per competence clockwise from the top, the previous wave as a line across it."""
    n = len(competences)
    width = 2 * math.pi / max(n, 1)
    angles = [i * width for i in range(n)]
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.bar(
        angles,
        [c[2] for c in competences],
        width=width * 0.86,
        color=[colour[c[1]] for c in competences],
        edgecolor="white",
        linewidth=1,
        label=label,
    )
    if any(c[3] is not None for c in competences):
        previous = [c[3] if c[3] is not None else 0 for c in competences]
        for angle, value in zip(angles, previous, strict=True):
            axes.plot(
                [angle - width * 0.43, angle + width * 0.43],
                [value, value],
                color="#1b1b1f",
                linewidth=2,
            )
    axes.set_ylim(0, 100)
    axes.set_yticks([25, 50, 75, 100])
    axes.set_yticklabels(["25", "50", "75", "100"], fontsize=8, color="#4a4f57")
    axes.set_xticks(angles)
    axes.set_xticklabels([c[0] for c in competences], fontsize=9)
    axes.grid(color="#c9ced6", linewidth=0.8)
    axes.spines["polar"].set_color("#c9ced6")
