"""How good a grouping is, per group and overall, in terms staff can read."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from digit.grouping.objective import Problem, same_unit_pairs


@dataclass
class GroupQuality:
    size: int
    units: int  # distinct units in the group
    same_unit_pairs: int
    bands: dict[int, int]  # level band → people (0 = unknown level)
    known_levels: tuple[int, int] | None  # lowest and highest known band, None if none known
    genders: dict[int, int]  # gender index → people
    role_models: int

    @property
    def level_spread(self) -> int:
        """Highest minus lowest known level band in the group (0 when fewer than two known)."""
        return self.known_levels[1] - self.known_levels[0] if self.known_levels else 0


def group_quality(problem: Problem, members: Sequence[int]) -> GroupQuality:
    """The mix of one group."""
    bands = Counter(problem.bands[i] for i in members)
    known = [band for band in bands if band > 0]
    return GroupQuality(
        size=len(members),
        units=len({problem.units[i] for i in members}),
        same_unit_pairs=same_unit_pairs(members, problem.units),
        bands=dict(sorted(bands.items())),
        known_levels=(min(known), max(known)) if known else None,
        genders=dict(sorted(Counter(problem.genders[i] for i in members).items())),
        role_models=sum(1 for i in members if problem.role_models[i]),
    )


def assign_supporters(
    groups: Sequence[Sequence[int]], problem: Problem, role_models: Sequence[int]
) -> list[int | None]:
    """A supporting role model (person index) for every group.

    A group with a role model among its members is supported by them. Every other group gets the
    least-loaded role model, preferring one from a unit not represented in the group, so that
    each role model supports about the same number of groups. None when there are no role
    models at all.
    """
    supporters: list[int | None] = [None] * len(groups)
    load: Counter[int] = Counter()
    for number, members in enumerate(groups):
        inside = [i for i in members if problem.role_models[i]]
        if inside:
            supporters[number] = inside[0]
            load[inside[0]] += 1
    if not role_models:
        return supporters
    for number, members in enumerate(groups):
        if supporters[number] is not None:
            continue
        units = {problem.units[i] for i in members}
        chosen = min(role_models, key=lambda r: (load[r], problem.units[r] in units, r))
        supporters[number] = chosen
        load[chosen] += 1
    return supporters
