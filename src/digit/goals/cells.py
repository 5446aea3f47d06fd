"""Cells of the goal figures (no Django): grouped counts rolled up into every group they
count in, suppressed over every sum relation by the one rule (``digit.stats.suppression``)
and published; breakdowns in display order and their largest gap, tested.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from digit.goals.inputs import FigureInputs, GroupCount, Key, UnitTree
from digit.stats.proportions import GapTest, compare_proportions, wilson_interval
from digit.stats.suppression import Cell, suppress

PEOPLE_DIMENSIONS = ("gender", "age_band", "role")
ROLE_ORDER = ("employee", "manager")


@dataclass
class Group:
    """One published (or hidden) cell: n people, x with the attribute, the share and its
    95 % Wilson interval. Everything but the key is None when the cell is hidden."""

    key: Key
    hidden: bool
    n: int | None = None
    x: int | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    extras: dict[str, float] = field(default_factory=dict)

    @property
    def dimension(self) -> str:
        return self.key[0]

    @property
    def value(self) -> int | str:
        return self.key[1]


@dataclass
class CellSum:
    """Running sums of one cell while rows are rolled up."""

    n: int = 0
    x: int = 0
    positive_not_reliable: int = 0
    near_ceiling: int = 0
    change_sum: float = 0.0

    def add(self, other: "CellSum") -> None:
        self.n += other.n
        self.x += other.x
        self.positive_not_reliable += other.positive_not_reliable
        self.near_ceiling += other.near_ceiling
        self.change_sum += other.change_sum


def standard_keys(inputs: FigureInputs) -> list[Key]:
    """The cells every table has, even when empty."""
    keys: list[Key] = [("gender", value) for value in inputs.gender_order]
    keys += [("age_band", value) for value in inputs.age_order]
    keys += [("role", value) for value in ROLE_ORDER]
    keys += [("unit", unit) for unit in inputs.tree.ids]
    return keys


def roll_up(rows: Iterable[GroupCount], inputs: FigureInputs) -> dict[Key, CellSum]:
    """Sum grouped rows into every cell they count in: their gender, age band and role, each
    unit from their own up to the root, and "placed directly" in a unit with units below.
    Rows of units outside the programme's tree are left out. Rows are summed per unit and
    per dimension first (vectorised), then units up their paths: a city has tens of
    thousands of rows."""
    tree = inputs.tree
    sums = {key: CellSum() for key in standard_keys(inputs)}
    paths = tree.paths
    kept = [row for row in rows if row.unit_id in paths]
    if not kept:
        return sums
    values = np.array(
        [(r.n, r.x, r.positive_not_reliable, r.near_ceiling, r.change_sum) for r in kept],
        dtype=float,
    )
    by_unit = _sum_by([r.unit_id for r in kept], values)
    for dimension, labels in (
        ("gender", [r.gender for r in kept]),
        ("age_band", [r.age_band for r in kept]),
        ("role", ["manager" if r.is_manager else "employee" for r in kept]),
    ):
        for label, total in _sum_by(labels, values).items():
            sums.setdefault((dimension, label), CellSum()).add(total)
    for unit, total in by_unit.items():
        for ancestor in tree.paths[int(unit)]:
            sums[("unit", ancestor)].add(total)
        if not tree.is_leaf(int(unit)):
            sums.setdefault(("direct", unit), CellSum()).add(total)
    return sums


def _sum_by(labels: Sequence[int | str], values: NDArray[np.float64]) -> dict[int | str, CellSum]:
    """Column sums of ``values`` per label (labels of one kind: all numbers or all text)."""
    unique, codes = np.unique(np.asarray(labels), return_inverse=True)
    columns = [
        np.bincount(codes, weights=values[:, column], minlength=len(unique))
        for column in range(values.shape[1])
    ]
    return {
        label.item(): CellSum(
            n=int(columns[0][i]),
            x=int(columns[1][i]),
            positive_not_reliable=int(columns[2][i]),
            near_ceiling=int(columns[3][i]),
            change_sum=float(columns[4][i]),
        )
        for i, label in enumerate(unique)
    }


def relations(sums: Mapping[Key, CellSum], tree: UnitTree) -> list[tuple[Key, list[Key]]]:
    """Which cells add up to which: the total and each people dimension; each unit and its
    units below plus the people placed directly in it."""
    total: Key = ("unit", tree.root)
    result: list[tuple[Key, list[Key]]] = [
        (total, [key for key in sums if key[0] == dimension]) for dimension in PEOPLE_DIMENSIONS
    ]
    for unit in tree.ids:
        if tree.children.get(unit):
            kids: list[Key] = [("unit", kid) for kid in tree.children[unit]]
            result.append((("unit", unit), [*kids, ("direct", unit)]))
    return result


def publish_cell(key: Key, cell: CellSum, hidden: bool, *, count_only: bool = False) -> Group:
    """A cell as published: nothing but its key when hidden, else n, x, share and interval."""
    if hidden:
        return Group(key=key, hidden=True)
    if count_only or cell.n == 0:
        return Group(key=key, hidden=False, n=cell.n, x=cell.x)
    low, high = wilson_interval(cell.x, cell.n)
    return Group(key=key, hidden=False, n=cell.n, x=cell.x, share=cell.x / cell.n, low=low,
                 high=high)  # fmt: skip


def people_table(
    sums: Mapping[Key, CellSum], inputs: FigureInputs, also_hide: Iterable[Key] = ()
) -> tuple[dict[Key, Group], set[Key]]:
    """Suppress (primary and secondary, over every relation) and publish a table of people."""
    cells = {key: Cell(value.n, value.x) for key, value in sums.items()}
    hidden = suppress(
        cells, relations(sums, inputs.tree), inputs.min_cell_size, also_hide=also_hide
    )
    groups = {key: publish_cell(key, cell, key in hidden) for key, cell in sums.items()}
    return groups, hidden


def breakdown_groups(
    cells: Mapping[Key, Group],
    dimension: str,
    *,
    parent: int,
    children: Mapping[int, list[int]],
    orders: Mapping[str, tuple[str, ...]],
) -> list[Group]:
    """Groups of one dimension in display order (units: the children of ``parent`` and the
    people placed directly in it)."""
    if dimension == "unit":
        keys: list[Key] = [("unit", kid) for kid in children.get(parent, [])]
        keys.append(("direct", parent))
        return [cells[key] for key in keys if key in cells]
    order = ROLE_ORDER if dimension == "role" else orders[dimension]
    keys = [(dimension, value) for value in order]
    keys += sorted(
        (key for key in cells if key[0] == dimension and key not in keys), key=lambda k: str(k)
    )
    return [cells[key] for key in keys if key in cells]


@dataclass
class Gap:
    """The groups with the highest and lowest share, and the test of their difference."""

    highest: Group
    lowest: Group
    test: GapTest


def largest_gap(groups: Sequence[Group]) -> Gap | None:
    """The gap between the published groups with the highest and the lowest share, tested
    (two-proportion z, or Fisher's exact test when an expected count is below 5). Hidden
    groups never take part, so a test cannot reveal them."""
    candidates = [
        g for g in groups if not g.hidden and g.n and g.x is not None and g.share is not None
    ]
    if len(candidates) < 2:
        return None
    highest = max(candidates, key=lambda g: (g.share or 0.0, g.n or 0))
    lowest = min(candidates, key=lambda g: (g.share or 0.0, -(g.n or 0)))
    if highest is lowest:
        return None
    test = compare_proportions(highest.x or 0, highest.n or 0, lowest.x or 0, lowest.n or 0)
    return Gap(highest, lowest, test)
