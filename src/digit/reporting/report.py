"""The progress and final reports: figures from live data, each with the date of its data and
the page it can be traced to, and the programme staff's free-text sections (docs/reporting.md).

``report_data`` gathers everything into plain dataclasses; the page, the PDF (WeasyPrint,
PDF/UA-1) and the XLSX all render the same ``Report``.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digit.goals.figures import met
from digit.goals.indicators import programme_figures
from digit.goals.tables import TITLES
from digit.learning.models import Activity, Attendance, Session
from digit.people.models import AGE_BANDS, Person, Unit, age_band
from digit.programmes.models import Programme
from digit.reporting.models import ReportText
from digit.reporting.participation import Participation
from digit.reporting.selectors import ATTENDED, participations

GENDER_COLUMNS = ("woman", "man", "other")


@dataclass
class FigureTable:
    """A table of the report: every figure in it has the same data date and source page."""

    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[object]]]
    data_at: datetime.datetime
    source: str  # the path of the Digit page the figures can be traced to


@dataclass
class Report:
    programme: Programme
    start: datetime.date
    end: datetime.date
    is_final: bool
    generated_at: datetime.datetime
    tables: list[FigureTable] = field(default_factory=list)
    texts: dict[str, ReportText | None] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    costs_available: bool = False

    @property
    def title(self) -> str:
        kind = _("Final report") if self.is_final else _("Progress report")
        return f"{kind}: {self.programme.name}"


def _gender(value: str) -> str:
    return value if value in ("woman", "man") else "other"


def _gender_row(label: str, counter: Counter) -> tuple[str, list[object]]:
    values: list[object] = [counter[g] for g in GENDER_COLUMNS]
    return label, [*values, sum(counter[g] for g in GENDER_COLUMNS)]


def _columns() -> list[str]:
    return [_("Women"), _("Men"), _("Other or not stated"), _("Total")]


def _in_period(spans: list[Participation], start, end) -> list[Participation]:
    return [p for p in spans if p.start <= end and p.end >= start]


def report_data(programme: Programme, *, start: datetime.date, end: datetime.date) -> Report:
    """Everything the report shows for the period (the whole programme: the final report)."""
    now = timezone.now()
    report = Report(
        programme,
        start,
        end,
        is_final=start <= programme.starts_on and end >= programme.ends_on,
        generated_at=now,
        costs_available=apps.is_installed("digit.funding"),
    )
    register = reverse("reporting:register", args=[programme.pk])
    spans = _in_period(participations(programme), start, end)
    people = (
        {
            pk: (gender, year, unit_id)
            for pk, gender, year, unit_id in Person.objects.filter(
                pk__in=[p.person_id for p in spans]
            ).values_list("pk", "gender", "birth_year", "unit_id")
        }
        if len(spans) < 10_000
        else {
            pk: (gender, year, unit_id)
            for pk, gender, year, unit_id in Person.objects.values_list(
                "pk", "gender", "birth_year", "unit_id"
            )
        }
    )
    report.tables += _participant_tables(programme, spans, people, now, register)
    report.tables.append(_hours_table(programme, start, end, people, now, register))
    report.tables.append(_activities_table(programme, start, end, now))
    report.tables.append(_goals_table(programme, now))
    report.section_titles = {key: str(label) for key, label in ReportText.Section.choices}
    report.texts = latest_texts(programme)
    return report


def _facts(person_ids: list[int]) -> dict[int, tuple[str, int | None, int]]:
    """person id → (gender, birth year, unit id); many ids: one pass over everyone."""
    people = Person.objects.all()
    if len(person_ids) < 10_000:
        people = people.filter(pk__in=person_ids)
    rows = people.values_list("pk", "gender", "birth_year", "unit_id").iterator(chunk_size=5000)
    return {pk: (gender, year, unit_id) for pk, gender, year, unit_id in rows}


def latest_texts(programme: Programme) -> dict[str, ReportText | None]:
    texts: dict[str, ReportText | None] = dict.fromkeys(ReportText.Section.values)
    for text in ReportText.objects.filter(programme=programme).select_related("written_by"):
        if texts[text.section] is None:  # ordered newest first
            texts[text.section] = text
    return texts


def _participant_tables(programme, spans, people, now, source) -> list[FigureTable]:
    by_gender: Counter = Counter()
    by_band: dict[str, Counter] = {label: Counter() for _low, _high, label in AGE_BANDS}
    by_band["–"] = Counter()
    by_unit: dict[int, Counter] = {}
    top_of = _top_units(programme.scope_id)
    for span in spans:
        gender, year, unit_id = people[span.person_id]
        key = _gender(gender)
        by_gender[key] += 1
        by_band[age_band(year, on=span.start)][key] += 1
        by_unit.setdefault(top_of.get(unit_id, programme.scope_id), Counter())[key] += 1
    names = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "name"))
    return [
        FigureTable(
            "participants",
            _("Participants by gender"),
            _columns(),
            [_gender_row(_("Participants"), by_gender)],
            now,
            source,
        ),
        FigureTable(
            "age_bands",
            _("Participants by age band at start"),
            _columns(),
            [
                _gender_row(label if label != "–" else _("Age unknown"), c)
                for label, c in by_band.items()
            ],
            now,
            source,
        ),
        FigureTable(
            "units",
            _("Participants by unit"),
            _columns(),
            sorted(_gender_row(names.get(pk, "–"), c) for pk, c in by_unit.items()),
            now,
            source,
        ),
    ]


def _top_units(scope_id: int) -> dict[int, int]:
    """Unit id → the unit directly below the programme's scope that contains it."""
    parent_of = dict(Unit.objects.values_list("pk", "parent_id"))
    top: dict[int, int] = {}
    for unit_id in parent_of:
        node: int | None = unit_id
        chain: list[int] = []
        while node is not None and node != scope_id:
            chain.append(node)
            node = parent_of.get(node)
        if node == scope_id and chain:
            top[unit_id] = chain[-1]
    return top


def _attendance(programme, start, end):
    return Attendance.objects.filter(
        session__activity__programme=programme,
        status__in=ATTENDED,
        session__starts_at__date__gte=start,
        session__starts_at__date__lte=end,
    )


def _hours_table(programme, start, end, people, now, source) -> FigureTable:
    minutes: Counter = Counter()
    rows = _attendance(programme, start, end).values("person__gender").annotate(m=Sum("minutes"))
    for row in rows:
        minutes[_gender(row["person__gender"])] += row["m"] or 0
    hours = Counter({key: round(value / 60, 1) for key, value in minutes.items()})
    return FigureTable(
        "hours",
        _("Hours of competence development"),
        _columns(),
        [
            (
                _("Hours attended"),
                [*(hours[g] for g in GENDER_COLUMNS), round(sum(minutes.values()) / 60, 1)],
            )
        ],
        now,
        source,
    )


def _activities_table(programme, start, end, now) -> FigureTable:
    held = Session.objects.filter(
        activity__programme=programme,
        starts_at__date__gte=start,
        starts_at__date__lte=end,
        attendances__status__in=ATTENDED,
    ).distinct()
    by_kind = held.values("activity__kind").annotate(
        sessions=Count("pk", distinct=True), activities=Count("activity", distinct=True)
    )
    kinds = dict(Activity.Kind.choices)
    rows = [
        (
            str(kinds.get(row["activity__kind"], row["activity__kind"])),
            [row["activities"], row["sessions"]],
        )
        for row in by_kind.order_by("activity__kind")
    ]
    return FigureTable(
        "activities",
        _("Activities held"),
        [_("Activities"), _("Sessions held")],
        rows,
        now,
        reverse("learning:catalogue"),
    )


def _goals_table(programme, now) -> FigureTable:
    figures = programme_figures(programme)
    rows: list[tuple[str, list[object]]] = []
    for indicator in figures.indicator_list():
        total = indicator.total
        if total.hidden or total.share is None:
            result, interval = _("hidden (small group)"), "–"
        elif indicator.is_share:
            result = f"{total.share * 100:.1f} % ({total.x}/{total.n})"
            interval = f"{(total.low or 0) * 100:.1f}–{(total.high or 0) * 100:.1f} %"
        else:
            result, interval = f"{total.x}", "–"
        target = (
            f"{indicator.target * 100:.0f} %" if indicator.is_share else f"{indicator.target:g}"
        )
        reached = met(indicator, total)
        verdict = "–" if reached is None else (_("yes") if reached else _("no"))
        rows.append((str(TITLES[indicator.code]), [result, interval, target, verdict]))
    return FigureTable(
        "goals",
        _("Results against the goals"),
        [_("Result"), _("95 % interval"), _("Target"), _("Reached")],
        rows,
        now,
        reverse("goals:dashboard", args=[programme.slug]),
    )


def report_html(report: Report, *, language: str, base_url: str = "") -> str:
    with translation.override(language):
        return render_to_string(
            "reporting/report_pdf.html",
            {"report": report, "base_url": base_url, "language": language},
        )


def report_pdf(report: Report, *, language: str = "sv", base_url: str = "") -> bytes:
    """The report as a tagged PDF (PDF/UA-1) with its language and title."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = report_html(report, language=language, base_url=base_url)
    # WeasyPrint may fetch nothing: no network, no files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")


def final_report_pdf(programme: Programme, *, language: str = "sv") -> bytes:
    """The final report of the whole programme as PDF (bench/reporting.py)."""
    report = report_data(programme, start=programme.starts_on, end=programme.ends_on)
    return report_pdf(report, language=language)
