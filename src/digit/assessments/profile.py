"""A person's competence profile, built from stored scores (never recomputed from answers).

Who may see it is decided in ``selectors``; this module only assembles what the profile page,
the chart and the PDF show: levels, strengths, gaps, next steps and the change since the
previous wave with its reliable-change verdict.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from digit.assessments.models import Change, MeasurementSettings, Response, Wave
from digit.assessments.pseudonyms import pseudonym_for
from digit.competences.reference import reference_of
from digit.stats.change import reliable_change_threshold
from digit.stats.levels import highest_level, level_for_percent

STRENGTHS_AND_GAPS = 3


@dataclass
class Row:
    code: str
    title: str
    description: str
    score: float
    level: int
    level_word: str
    previous: float | None = None
    area_code: str = ""

    @property
    def difference(self) -> float | None:
        return None if self.previous is None else self.score - self.previous

    # Scores as whole numbers for the tables (half up, like the floatformat filter; the profile
    # shows some fifty of them and is read after every submission).
    @property
    def score_whole(self) -> str:
        return whole(self.score)

    @property
    def previous_whole(self) -> str:
        return "–" if self.previous is None else whole(self.previous)


def whole(score: float) -> str:
    """A 0–100 score rounded half up to a whole number."""
    return str(int(score + 0.5))


@dataclass
class Profile:
    response: Response
    previous: Response | None
    change: Change | None
    total: Row
    areas: list[Row]
    competences: list[Row]
    strengths: list[Row]
    gaps: list[Row]
    threshold: float | None  # reliable-change threshold in points, when frozen and a verdict
    top_level: int
    practices_index: float | None
    is_active_user: bool | None
    summary: str = ""
    history: list[Response] = field(default_factory=list)

    @property
    def wave(self):
        return self.response.wave

    @property
    def gap_competence_codes(self) -> list[str]:
        return [row.code for row in self.gaps]


def submitted_responses(person):
    """The person's submitted responses, oldest wave first."""
    return (
        Response.objects.filter(pseudonym=pseudonym_for(person.id), submitted_at__isnull=False)
        .select_related("wave__instrument")
        .order_by("wave__opens_on", "wave_id")
    )


def build_profile(person, wave_id: int | None = None) -> Profile | None:
    """The profile for one of the person's submitted responses (the latest by default)."""
    history = list(submitted_responses(person))
    chosen = _chosen_responses(history, wave_id)
    if chosen is None:
        return None
    response, previous = chosen
    change = None
    if response.wave.kind == Wave.Kind.FOLLOW_UP:  # only follow-ups have a verdict
        change = Change.objects.filter(
            follow_up=response.wave, pseudonym=response.pseudonym
        ).first()
    total, areas, competences = _score_rows(response, previous)
    profile = Profile(
        response=response,
        previous=previous,
        change=change,
        total=total,
        areas=areas,
        competences=competences,
        strengths=sorted(competences, key=lambda r: (-r.score, r.code))[:STRENGTHS_AND_GAPS],
        gaps=sorted(competences, key=lambda r: (r.score, r.code))[:STRENGTHS_AND_GAPS],
        threshold=_threshold(response.wave.programme_id) if change is not None else None,
        top_level=highest_level(),
        practices_index=response.practices_index,
        is_active_user=response.is_active_user,
        history=history,
    )
    profile.summary = text_summary(profile)
    return profile


def _chosen_responses(history: list[Response], wave_id: int | None):
    """(the response of the wave asked for, or the latest; the one before it in the same
    programme, or None), or None when the person did not answer that wave."""
    if not history:
        return None
    index = len(history) - 1
    if wave_id is not None:
        matches = [i for i, r in enumerate(history) if r.wave_id == wave_id]
        if not matches:
            return None
        index = matches[0]
    response = history[index]
    earlier = [r for r in history[:index] if r.wave.programme_id == response.wave.programme_id]
    return response, earlier[-1] if earlier else None


def _score_rows(response: Response, previous: Response | None):
    """(total, area rows, competence rows) in the framework's order, each with its level
    and the previous wave's score."""
    reference = reference_of(response.wave.instrument.framework_id)
    level_words = reference.level_words()

    def row(code, title, description, score, previous_score, area_code=""):
        level = level_for_percent(score)
        return Row(
            code=code,
            title=title,
            description=description,
            score=score,
            level=level,
            level_word=level_words.get(level, ""),
            previous=previous_score,
            area_code=area_code,
        )

    before_areas = previous.area_scores if previous else {}
    before_competences = previous.competence_scores if previous else {}
    areas = [
        row(a.code, a.title, a.description, response.area_scores[a.code], before_areas.get(a.code))
        for a in reference.areas
        if a.code in response.area_scores
    ]
    competences = [
        row(
            c.code,
            c.title,
            c.description,
            response.competence_scores[c.code],
            before_competences.get(c.code),
            c.area.code,
        )
        for c in reference.competences
        if c.code in response.competence_scores
    ]
    total = row(
        "total",
        _("All competences"),
        "",
        response.total_score,
        previous.total_score if previous else None,
    )
    return total, areas, competences


def _threshold(programme_id) -> float | None:
    settings = MeasurementSettings.objects.filter(programme_id=programme_id).first()
    if settings is None or settings.baseline_sd is None or settings.baseline_reliability is None:
        return None
    try:
        return reliable_change_threshold(
            settings.baseline_sd,
            settings.baseline_reliability,
            float(settings.rci_critical_value),
        )
    except ValueError:
        return None


def change_sentence(profile: Profile) -> str:
    """The reliable-change verdict in plain language."""
    change = profile.change
    if change is None:
        return ""
    points = change.follow_up_total - change.baseline_total
    threshold = profile.threshold
    if change.verdict == Change.Verdict.INCREASED:
        return _(
            "Your total score rose by %(points).1f points. That is more than measurement "
            "error alone would explain, so your competence has reliably increased."
        ) % {"points": points}
    if change.verdict == Change.Verdict.DECREASED:
        return _(
            "Your total score fell by %(points).1f points, more than measurement error alone "
            "would explain. Self-ratings often fall when people learn how much there is to "
            "know, so this is worth a conversation rather than a worry."
        ) % {"points": -points}
    if change.near_ceiling:
        return _(
            "Your score was already so close to the top of the scale at baseline that even "
            "the highest possible answers now could not show a reliable increase. This says "
            "nothing bad about your development."
        )
    if threshold is not None:
        return _(
            "Your total score changed by %(points)+.1f points. A change must be at least "
            "%(threshold).1f points to be distinguishable from measurement error, so this "
            "counts as no reliable change."
        ) % {"points": points, "threshold": threshold}
    return _(
        "Your total score changed by %(points)+.1f points, which is within measurement error "
        "(no reliable change)."
    ) % {"points": points}


def text_summary(profile: Profile) -> str:
    """One paragraph that says what the chart shows."""
    strongest = ", ".join(f"{r.code} {r.title}" for r in profile.strengths)
    weakest = ", ".join(f"{r.code} {r.title}" for r in profile.gaps)
    best_area = max(profile.areas, key=lambda r: r.score) if profile.areas else None
    low_area = min(profile.areas, key=lambda r: r.score) if profile.areas else None
    parts = [
        _("Your total score is %(score).0f of 100 (level %(level)s, %(word)s).")
        % {
            "score": profile.total.score,
            "level": profile.total.level,
            "word": profile.total.level_word,
        }
    ]
    if best_area and low_area:
        parts.append(
            _("Your strongest area is %(best)s (%(best_score).0f) and your weakest %(low)s "
              "(%(low_score).0f).")
            % {
                "best": best_area.title,
                "best_score": best_area.score,
                "low": low_area.title,
                "low_score": low_area.score,
            }
        )  # fmt: skip
    if strongest:
        parts.append(_("Strongest competences: %(list)s.") % {"list": strongest})
    if weakest:
        parts.append(_("Competences to develop: %(list)s.") % {"list": weakest})
    return " ".join(parts)
