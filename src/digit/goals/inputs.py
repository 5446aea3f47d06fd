"""What the goal figures are computed from, as plain data (no Django): the selectors
(``digit.goals.selectors.figure_inputs``) fill a ``FigureInputs`` in a handful of queries;
``choose_waves`` decides which waves count (docs/goals.md, "Differencing").
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from digit.stats.suppression import Cell

Key = tuple[str, int | str]  # a cell: ("gender", "woman"), ("unit", 12), ("direct", 12) …


@dataclass(frozen=True)
class WaveInfo:
    """A wave as the figures need it."""

    id: int
    name: str
    kind: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_baseline: bool = False
    is_follow_up: bool = False


class GroupCount(NamedTuple):
    """One row of a GROUP BY over people (unit, gender, age band, manager or not): n people,
    x of whom have the attribute; the change figures add three more sums. A named tuple: a
    city's figures read about a hundred thousand of them."""

    unit_id: int
    gender: str
    age_band: str
    is_manager: bool
    n: int
    x: int
    positive_not_reliable: int = 0
    near_ceiling: int = 0
    change_sum: float = 0.0


@dataclass(frozen=True)
class UnitTree:
    """The programme's units below its scope root: parent and children, and the path from each
    unit to the root (for rolling counts up). ``names`` and ``kinds`` cover every unit."""

    root: int
    names: Mapping[int, str]
    kinds: Mapping[int, str]
    children: Mapping[int, list[int]]
    parent: Mapping[int, int | None]
    paths: Mapping[int, tuple[int, ...]]
    ids: tuple[int, ...]

    @classmethod
    def from_rows(cls, root: int, rows: Iterable[tuple[int, int | None, str, str]]) -> "UnitTree":
        """Build from (id, parent id, name, kind) rows of all units; children sorted by name."""
        by_parent: dict[int | None, list[int]] = {}
        names: dict[int, str] = {}
        kinds: dict[int, str] = {}
        for unit_id, parent_id, name, kind in rows:
            by_parent.setdefault(parent_id, []).append(unit_id)
            names[unit_id] = name
            kinds[unit_id] = kind
        children: dict[int, list[int]] = {}
        parent: dict[int, int | None] = {root: None}
        paths: dict[int, tuple[int, ...]] = {root: (root,)}
        ids: list[int] = []
        stack = [root]
        while stack:
            unit_id = stack.pop()
            ids.append(unit_id)
            kids = sorted(by_parent.get(unit_id, []), key=lambda kid: names[kid])
            children[unit_id] = kids
            for kid in kids:
                parent[kid] = unit_id
                paths[kid] = (*paths[unit_id], kid)
                stack.append(kid)
        return cls(root, names, kinds, children, parent, paths, tuple(ids))

    def is_leaf(self, unit_id: int) -> bool:
        return not self.children.get(unit_id)

    def depth(self, unit_id: int) -> int:
        return len(self.paths[unit_id]) - 1

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.paths


@dataclass(frozen=True)
class Targets:
    """The programme's targets: shares as fractions, role models as a count."""

    increased: float
    active: float
    role_models: int
    unit_coverage: float


@dataclass(frozen=True)
class WaveChoice:
    """Which waves each figure is built from (``choose_waves``)."""

    closed: tuple[WaveInfo, ...]
    baseline: WaveInfo | None
    answered: tuple[WaveInfo, ...]  # closed, with at least the minimum number of answers
    follow_ups: tuple[WaveInfo, ...]  # closed follow-ups with at least that many changes
    participation: WaveInfo | None  # the latest answered wave with invitations

    @property
    def latest_answered(self) -> WaveInfo | None:
        return self.answered[-1] if self.answered else None

    @property
    def latest_follow_up(self) -> WaveInfo | None:
        return self.follow_ups[-1] if self.follow_ups else None


@dataclass(frozen=True)
class FigureInputs:
    """Everything the figures are computed from, as plain data."""

    programme_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    today: datetime.date
    computed_at: datetime.datetime
    min_cell_size: int
    targets: Targets
    tree: UnitTree
    gender_order: tuple[str, ...]
    age_order: tuple[str, ...]
    waves: tuple[WaveInfo, ...]
    choice: WaveChoice
    headcounts: Sequence[GroupCount]  # current people; x = role models
    changes: Sequence[GroupCount]  # latest change per person over the counted follow-ups
    # The same over the counted follow-ups up to each earlier one (as published back then).
    earlier_changes: Sequence[Sequence[GroupCount]]
    changes_per_wave: Mapping[int, Sequence[GroupCount]]  # every follow-up's own changes
    responses_by_wave: Mapping[int, Cell]  # answers with an active-use verdict; x = active
    invitations_by_wave: Mapping[int, Cell]  # invited; x = completed
    active: Sequence[GroupCount]  # the latest answered wave
    invitations: Sequence[GroupCount]  # the participation wave, by the person's attributes
    invited_both: int
    units_with_responses: Mapping[int, frozenset[int]]  # by wave
    units_with_attendance: frozenset[int]

    @property
    def root_key(self) -> Key:
        return ("unit", self.tree.root)


def choose_waves(
    waves: Sequence[WaveInfo],
    *,
    today: datetime.date,
    min_cell_size: int,
    changes_by_wave: Mapping[int, Cell],
    responses_by_wave: Mapping[int, Cell],
    invitations_by_wave: Mapping[int, Cell],
) -> WaveChoice:
    """The waves the figures use: only closed ones (an open wave's figures would move with
    each answer), and of those, for results, only waves answered by at least the minimum cell
    size. ``waves`` are in time order."""
    closed = tuple(wave for wave in waves if wave.closes_on < today)

    def size(counts: Mapping[int, Cell], wave: WaveInfo) -> int:
        return counts[wave.id].n if wave.id in counts else 0

    baselines = [wave for wave in waves if wave.is_baseline]
    answered = tuple(w for w in closed if size(responses_by_wave, w) >= min_cell_size)
    invited = [wave for wave in answered if size(invitations_by_wave, wave)]
    return WaveChoice(
        closed=closed,
        baseline=baselines[0] if baselines else None,
        answered=answered,
        follow_ups=tuple(
            w for w in closed if w.is_follow_up and size(changes_by_wave, w) >= min_cell_size
        ),
        participation=invited[-1] if invited else None,
    )
