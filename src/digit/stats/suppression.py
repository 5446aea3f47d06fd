"""Small-cell suppression for tables with margins (statistical disclosure control).

A *cell* is a group of people (``n``) and, for a share, how many of them have the attribute
(``x``, e.g. "reliably increased"). A *relation* says that a parent cell is the sum of its
children (a total and its breakdown; a department and its units), for ``n`` and ``x`` alike.

Rules (docs/goals.md, reference/security.md §4):

1. Primary: a non-empty cell with fewer than ``min_size`` people is hidden. So is a share of
   0 % or 100 % in a group of fewer than ``2 × min_size`` people, because it tells every
   member's answer (attribute disclosure); the same holds for any distribution of answers
   where everyone is in one category (``is_disclosive_distribution``). An empty group (n = 0)
   discloses nobody and is shown.
2. Secondary: in every relation whose parent is published, the hidden children are either none
   or at least two, and together they form a group that rule 1 would publish, so neither can
   be recovered by subtracting the published cells from the total. A hidden parent whose
   children are all published is protected the same way. The next cell to hide is the
   smallest published sibling (empty groups last); when no sibling is left, the parent. This
   repeats until every relation holds, so it carries across levels (department → units).

Pure Python, no Django. Cells are keyed by any hashable key.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """A group of ``n`` people, ``x`` of whom have the attribute (None for a plain count)."""

    n: int
    x: int | None = None


def is_disclosive(cell: Cell, min_size: int) -> bool:
    """Rule 1: would publishing this cell on its own disclose something about a person?"""
    if cell.x is None:
        return is_disclosive_distribution([cell.n], min_size, unanimous_matters=False)
    return is_disclosive_distribution([cell.x, cell.n - cell.x], min_size)


def is_disclosive_distribution(
    counts: Sequence[int], min_size: int, *, unanimous_matters: bool = True
) -> bool:
    """Rule 1 for a group of people split over answer categories (counts per category): the
    group is disclosive when it has 1 to ``min_size − 1`` people, or, with fewer than
    ``2 × min_size``, when everyone gave the same answer (then the figure tells each member's
    answer: a share of 0 % or 100 %, a mean of 5.0 on a 1–5 scale). Empty groups disclose
    nobody. A plain count (``unanimous_matters=False``) only has the size rule."""
    n = sum(counts)
    if n == 0:
        return False
    if n < min_size:
        return True
    return unanimous_matters and n < 2 * min_size and max(counts) == n


def _union(cells: Iterable[Cell]) -> Cell:
    cells = list(cells)
    n = sum(cell.n for cell in cells)
    xs = [cell.x for cell in cells]
    if any(x is None for x in xs):
        return Cell(n)
    return Cell(n, sum(x for x in xs if x is not None))


def suppress[K: Hashable](
    cells: Mapping[K, Cell],
    relations: Sequence[tuple[K, Sequence[K]]],
    min_size: int = 5,
    *,
    also_hide: Iterable[K] = (),
    disclosive: Callable[[Cell], bool] | None = None,
) -> set[K]:
    """Keys of the cells to hide: primary suppression, then secondary until every relation is
    safe (see the module docstring). ``also_hide`` adds primary suppressions decided elsewhere
    (e.g. a group hidden in a linked table). ``disclosive`` replaces rule 1 for tables whose
    cells are not people (e.g. counts of units, hidden only through ``also_hide``).
    Deterministic: ties go to the earlier child."""
    if min_size < 1:
        raise ValueError("min_size must be at least 1")

    def rule(cell: Cell) -> bool:
        return disclosive(cell) if disclosive is not None else is_disclosive(cell, min_size)

    hidden = {key for key, cell in cells.items() if rule(cell)}
    hidden |= {key for key in also_hide if key in cells}
    changed = True
    while changed:
        changed = False
        for parent, children in relations:
            if parent in cells:
                present = [child for child in children if child in cells]
                next_key = _next_to_hide(cells, parent, present, hidden, rule)
                if next_key is not None:
                    hidden.add(next_key)
                    changed = True
    return hidden


def _next_to_hide[K: Hashable](
    cells: Mapping[K, Cell],
    parent: K,
    children: Sequence[K],
    hidden: set[K],
    disclosive: Callable[[Cell], bool],
) -> K | None:
    """The cell one relation needs hidden next (rule 2), or None when it is safe: the
    smallest published child (empty groups last), else the parent."""
    hidden_children = [child for child in children if child in hidden]
    parent_hidden = parent in hidden
    if parent_hidden:
        # Recoverable only if it is the relation's single unknown.
        needs_more = not hidden_children
    elif hidden_children:
        union = _union(cells[child] for child in hidden_children)
        needs_more = len(hidden_children) == 1 or disclosive(union)
    else:
        needs_more = False
    if not needs_more:
        return None
    published = [
        (cells[child].n == 0, cells[child].n, index, child)
        for index, child in enumerate(children)
        if child not in hidden
    ]
    if published:
        return min(published)[3]
    return None if parent_hidden else parent
