"""Demo step: the learning side of "Digit or die" on synthetic data.

A catalogue of 15 activities, about 120 sessions from the training phase to yesterday (plus a
dozen upcoming ones so that enrolment can be tried), enrolments with waiting lists, attendance
and hours for past sessions, evaluations, reflection prompts and journal entries, 24 role
models spread over departments and genders, and collegial learning groups formed by the solver.
Each stage is skipped when its data exist already, so the step can run again.
"""

import datetime
import random
import time
import zoneinfo
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from digit.access.roles import Role
from digit.competences.models import Competence
from digit.demo.accounts import demo_people
from digit.demo.plan import placed
from digit.learning import role_models
from digit.learning.groups import form_learning_groups
from digit.learning.models import (
    Activity,
    Attendance,
    Enrolment,
    Evaluation,
    GroupFormation,
    JournalEntry,
    ReflectionPrompt,
    RoleModel,
    Session,
)
from digit.people.models import Unit
from digit.programmes.models import Phase, Programme

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")

# kind, format, minutes, competences, levels, phase kind, Swedish title, English title
CATALOGUE = [
    ("course", "on_site", 180, ["1.1", "1.2"], (1, 3), "training",
     "Sök och värdera information", "Searching for and evaluating information"),
    ("workshop", "on_site", 120, ["1.3"], (2, 4), "training",
     "Ordning i filer och delade mappar", "Order in files and shared folders"),
    ("e_learning", "self_paced", 45, ["2.1", "2.2"], (1, 2), "training",
     "Teams från grunden", "Teams from scratch"),
    ("workshop", "online", 90, ["2.4"], (2, 4), "training",
     "Samarbeta i delade dokument", "Collaborating in shared documents"),
    ("drop_in", "on_site", 60, ["2.1", "5.2"], (1, 3), "collegial_learning",
     "Digit-café: fråga en förebild", "Digit café: ask a role model"),
    ("study_circle", "on_site", 120, ["2.5", "2.6"], (2, 4), "collegial_learning",
     "Studiecirkel: god ton och digital identitet", "Study circle: netiquette and identity"),
    ("course", "online", 120, ["3.1"], (2, 4), "training",
     "Skapa tillgängligt innehåll", "Creating accessible content"),
    ("workshop", "on_site", 120, ["3.2", "3.3"], (3, 5), "training",
     "Bilder, upphovsrätt och licenser", "Images, copyright and licences"),
    ("e_learning", "self_paced", 30, ["4.1", "4.2"], (1, 3), "training",
     "Säker inloggning och lösenord", "Safe sign-in and passwords"),
    ("course", "online", 90, ["4.2"], (2, 4), "training",
     "Dataskydd i vardagen (GDPR)", "Data protection at work (GDPR)"),
    ("workshop", "on_site", 90, ["4.3", "4.4"], (1, 3), "collegial_learning",
     "Digital hälsa och skärmtid", "Digital well-being and screen time"),
    ("drop_in", "online", 60, ["5.1"], (1, 2), "collegial_learning",
     "Digit-café online: lös ett tekniskt problem", "Online Digit café: solve a problem"),
    ("study_circle", "online", 120, ["5.3", "3.4"], (3, 5), "collegial_learning",
     "Studiecirkel: digitala verktyg i verksamheten", "Study circle: digital tools at work"),
    ("course", "on_site", 240, ["1.1", "2.2", "3.1"], (3, 6), "training",
     "Fördjupning för Digit-förebilder", "Advanced course for Digit role models"),
    ("e_learning", "self_paced", 60, ["5.4"], (1, 4), "training",
     "Lär dig lära digitalt", "Learning to learn digitally"),
]  # fmt: skip

PROMPTS = [
    ("Vilken digital arbetsuppgift har blivit lättare för dig den senaste tiden, och varför?",
     "Which digital task has become easier for you lately, and why?"),
    ("Vad vill du kunna göra digitalt om ett halvår som du inte kan i dag?",
     "What would you like to be able to do digitally in six months that you cannot do today?"),
    ("Berätta om ett tillfälle när du hjälpte en kollega med något digitalt.",
     "Describe a time when you helped a colleague with something digital."),
]  # fmt: skip

JOURNAL_TEXTS = [
    "Jag har börjat använda delade mappar i stället för att mejla filer. Det sparar tid.",
    "Svårast är fortfarande att hitta rätt version av ett dokument.",
    "Efter workshoppen vågade jag starta ett Teams-möte själv.",
    "Jag vill bli bättre på att värdera källor när besökare frågar.",
]
WILL_USE = [
    "Delade mappar i arbetslaget",
    "Kortkommandon och sökfunktioner",
    "Tvåstegsinloggning",
    "Bildlicenser när vi gör affischer",
    "Mötesanteckningar direkt i Teams",
    "",
]
PLACES = [
    "Stadsbiblioteket, Odenplan, studierummet",
    "Kulturhuset, sal 3",
    "Stadsmuseet, konferensrummet",
    "Stadsarkivet, Kungsklippan, lärosalen",
]


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), STOCKHOLM)


def populate_learning(command, options):
    """Catalogue, sessions, enrolments, attendance, reflections, role models, groups."""
    programme = Programme.objects.filter(slug="digit-or-die").first()
    if programme is None:
        command.stdout.write("Learning: seed programme missing, skipped.")
        return
    people = list(role_models.participants(programme).select_related("unit"))
    if not people:
        command.stdout.write("Learning: nobody in the programme's scope, skipped.")
        return
    started = time.perf_counter()
    rng = random.Random(options.get("seed") or 2019)
    activities = _catalogue(programme)
    appointed = _role_models(programme, people, rng)
    sessions = _sessions(programme, activities, people, rng)
    prompts = _prompts(programme)
    formation = _groups(programme)
    command.stdout.write(
        f"Learning: {len(activities)} activities, {sessions} sessions, {appointed} role models, "
        f"{prompts} reflection prompts, {formation.groups.count()} collegial groups "
        f"(objective {formation.objective:.1f}, bound {formation.bound:.1f}) "
        f"in {time.perf_counter() - started:.1f} s."
    )


@transaction.atomic
def _catalogue(programme) -> list[Activity]:
    existing = list(programme.activities.order_by("pk"))
    if existing:
        return existing
    competences = {c.code: c for c in Competence.objects.filter(is_custom=False)}
    phases: dict[str, Phase] = {}
    for phase in programme.phases.order_by("starts_on"):
        phases.setdefault(phase.kind, phase)
    activities = []
    for kind, fmt, minutes, codes, (low, high), phase_kind, title_sv, title_en in CATALOGUE:
        activity = Activity.objects.create(
            programme=programme,
            phase=phases.get(phase_kind),
            kind=kind,
            format=fmt,
            duration_minutes=minutes,
            level_from=low,
            level_to=high,
            title_sv=title_sv,
            title_en=title_en,
            description_sv=f"{title_sv}. Praktiska övningar med exempel från våra verksamheter.",
            description_en=f"{title_en}. Hands-on exercises with examples from our own work.",
        )
        activity.competences.set([competences[c] for c in codes if c in competences])
        activities.append(activity)
    return activities


def _departments(people) -> dict[int, int]:
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    kinds = dict(Unit.objects.values_list("id", "kind"))
    return {p.pk: role_models.department_of(p.unit_id, parents, kinds) for p in people}


@transaction.atomic
def _role_models(programme, people, rng) -> int:
    """24 role models: high scorers, spread over departments in proportion to their size and
    over genders in proportion to the population."""
    active = RoleModel.objects.filter(programme=programme, ended_at__isnull=True)
    target = programme.target_role_models
    if active.count() >= target:
        return active.count()
    keep_employee = demo_people().get(Role.EMPLOYEE)
    totals = role_models.latest_totals([p.pk for p in people])
    department = _departments(people)
    population = len(people)
    dept_quota = {
        d: max(1, round(target * n / population)) for d, n in Counter(department.values()).items()
    }
    gender_quota = {
        g: round(target * n / population) + 1 for g, n in Counter(p.gender for p in people).items()
    }
    candidates = [p for p in people if not p.is_manager and p != keep_employee]
    candidates.sort(key=lambda p: (-totals.get(p.pk, rng.uniform(0, 60)), p.employee_number))
    chosen = list(active.values_list("person_id", flat=True))  # keep existing appointments
    by_dept = Counter(department[pk] for pk in chosen if pk in department)
    by_gender = Counter(p.gender for p in people if p.pk in chosen)
    for strict in (True, False):
        for person in candidates:
            if len(chosen) >= target:
                break
            if person.pk in chosen:
                continue
            d = department[person.pk]
            if strict and (
                by_dept[d] >= dept_quota[d]
                or by_gender[person.gender] >= gender_quota[person.gender]
            ):
                continue
            chosen.append(person.pk)
            by_dept[d] += 1
            by_gender[person.gender] += 1
    existing = set(active.values_list("person_id", flat=True))
    by_id = {p.pk: p for p in people}
    for pk in chosen:
        if pk not in existing:
            role_models.appoint(programme=programme, person=by_id[pk], by=None)
            by_id[pk].is_role_model = True
    return len(chosen)


def _session_days(rng, start: datetime.date, end: datetime.date, count: int):
    """``count`` working days between start and end, avoiding July and Christmas."""
    days: list[datetime.date] = []
    span = (end - start).days
    while len(days) < count:
        day = start + datetime.timedelta(days=rng.randrange(span))
        if day.weekday() >= 5 or day.month == 7 or (day.month == 12 and day.day > 20):
            continue
        days.append(day)
    return sorted(days)


@transaction.atomic
def _sessions(programme, activities, people, rng) -> int:
    existing = Session.objects.filter(activity__programme=programme).count()
    if existing:
        return existing
    demo = demo_people()
    participants = [p for p in people if not p.is_role_model or rng.random() < 0.3]
    leaders = [p for p in people if p.is_role_model]
    sessions = Session.objects.bulk_create(
        _planned_sessions(programme, activities, leaders, demo.get(Role.ROLE_MODEL), rng)
    )
    now = timezone.now()
    demo_employee = demo.get(Role.EMPLOYEE)
    enrolments = _enrolments(sessions, now, participants, demo_employee, activities[0], rng)
    enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    for enrolment in enrolments:  # enrolled before the session, in waiting-list order
        planned = enrolment.waiting_since or enrolment.session.starts_at - datetime.timedelta(14)
        enrolment.created_at = min(now, planned)
    Enrolment.objects.bulk_update(enrolments, ["created_at"], batch_size=2000)
    seats = Counter(e.session_id for e in enrolments if e.status == Enrolment.Status.ENROLLED)
    for session in sessions:
        session.seats_taken = seats[session.pk]
    Session.objects.bulk_update(sessions, ["seats_taken"], batch_size=500)
    _attendance(sessions, enrolments, now, rng)
    return len(sessions)


def _planned_sessions(programme, activities, leaders, demo_leader, rng) -> list[Session]:
    """120 past sessions (from the training phase to yesterday) and a dozen in the coming
    weeks, the activities in
    turn; collegial ones led by role models (the demo's role model leads some ahead)."""
    today = timezone.localdate()
    first_training_day = placed(programme, datetime.date(2020, 1, 13))
    past_days = _session_days(rng, first_training_day, today - datetime.timedelta(days=1), 120)
    future_days = [today + datetime.timedelta(days=d) for d in (3, 6, 9, 13, 16, 20, 23, 27,
                                                                 30, 34, 41, 48)]  # fmt: skip
    future_days = [d + datetime.timedelta(days=2) if d.weekday() >= 5 else d for d in future_days]
    sessions = []
    for index, day in enumerate(past_days + future_days):
        activity = activities[index % len(activities)]
        self_paced = activity.format == Activity.Format.SELF_PACED
        collegial = activity.kind in (Activity.Kind.DROP_IN, Activity.Kind.STUDY_CIRCLE)
        leader = None
        if leaders and (collegial or rng.random() < 0.4):
            leader = rng.choice(leaders)
        if index >= len(past_days) and demo_leader is not None and index % 3 == 0:
            leader = demo_leader
        starts = _local(day, rng.choice([9, 10, 13, 14]))
        sessions.append(
            Session(
                activity=activity,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=activity.duration_minutes),
                place="" if activity.format != Activity.Format.ON_SITE else rng.choice(PLACES),
                online_url=""
                if activity.format == Activity.Format.ON_SITE
                else f"https://meet.example.org/digit-{index + 1}",
                capacity=rng.choice([8, 10, 12, 15, 20]) if not self_paced else 40,
                leader=leader,
                external_trainer="" if leader else rng.choice(["Kompetensbyrån AB", "DigiLär"]),
                cancellation_deadline=starts - datetime.timedelta(days=2),
            )
        )
    return sessions


def _enrolments(sessions, now, participants, demo_employee, first_activity, rng):
    """Past sessions about full, upcoming ones filling up; past capacity people wait in order.
    The demo employee is on the first activity's upcoming sessions."""
    enrolments = []
    for session in sessions:
        past = session.starts_at < now
        demand = (
            int(session.capacity * rng.uniform(0.5, 1.3))
            if past
            else rng.randrange(0, session.capacity + 3)
        )
        chosen = rng.sample(participants, min(demand, len(participants)))
        if not past and demo_employee is not None and session.activity_id == first_activity.pk:
            chosen = [demo_employee, *[p for p in chosen if p != demo_employee]]
        if session.leader_id:
            chosen = [p for p in chosen if p.pk != session.leader_id]
        for order, person in enumerate(chosen):
            enrolled = order < session.capacity
            enrolments.append(
                Enrolment(
                    session=session,
                    person=person,
                    status=Enrolment.Status.ENROLLED if enrolled else Enrolment.Status.WAITING,
                    waiting_since=None
                    if enrolled
                    else session.starts_at - datetime.timedelta(days=10, minutes=-order),
                )
            )
    return enrolments


def _attendance(sessions, enrolments, now, rng) -> None:
    by_session = defaultdict(list)
    for enrolment in enrolments:
        if enrolment.status == Enrolment.Status.ENROLLED:
            by_session[enrolment.session_id].append(enrolment.person)
    attendances, evaluations, entries = [], [], []
    for session in sessions:
        if session.starts_at >= now:
            continue
        for person in by_session[session.pk]:
            roll = rng.random()
            if roll < 0.82:
                status, minutes = Attendance.Status.PRESENT, session.minutes
            elif roll < 0.9:
                status = Attendance.Status.PARTIAL
                minutes = max(15, int(session.minutes * rng.uniform(0.3, 0.8)))
            else:
                status, minutes = Attendance.Status.ABSENT, 0
            attendances.append(
                Attendance(session=session, person=person, status=status, minutes=minutes)
            )
            if minutes and rng.random() < 0.45:
                evaluations.append(
                    Evaluation(
                        session=session,
                        person=person,
                        usefulness=rng.choices([2, 3, 4, 5], [1, 3, 6, 4])[0],
                        will_use=rng.choice(WILL_USE),
                    )
                )
            if minutes and rng.random() < 0.1:
                entries.append(
                    JournalEntry(
                        person=person,
                        session=session,
                        text=rng.choice(JOURNAL_TEXTS),
                    )
                )
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    Evaluation.objects.bulk_create(evaluations, batch_size=2000)
    _write_after_sessions(JournalEntry.objects.bulk_create(entries, batch_size=2000))


def _write_after_sessions(entries: list[JournalEntry]) -> None:
    """Journal entries dated the evening after their session, not the day of the demo's load."""
    for entry in entries:
        assert entry.session is not None  # entries about a session
        entry.written_at = entry.session.ends_at + datetime.timedelta(hours=4)
    JournalEntry.objects.bulk_update(entries, ["written_at"], batch_size=2000)


@transaction.atomic
def _prompts(programme) -> int:
    phases = list(programme.phases.filter(kind=Phase.Kind.SELF_REFLECTION))
    if ReflectionPrompt.objects.filter(phase__in=phases).exists():
        return ReflectionPrompt.objects.filter(phase__in=phases).count()
    for phase in phases:
        for order, (text_sv, text_en) in enumerate(PROMPTS):
            ReflectionPrompt.objects.create(
                phase=phase, text_sv=text_sv, text_en=text_en, order=order
            )
    # Some people answered the first prompt of the first reflection phase.
    first = ReflectionPrompt.objects.filter(phase__in=phases).order_by("phase__starts_on", "order")
    prompt = first.first()
    if prompt is not None:
        writers = (
            role_models.participants(programme)
            .filter(~Q(is_manager=True))
            .order_by("employee_number")[::9]
        )
        entries = JournalEntry.objects.bulk_create(
            JournalEntry(person=person, prompt=prompt, text=JOURNAL_TEXTS[i % len(JOURNAL_TEXTS)])
            for i, person in enumerate(writers)
        )
        # Written during the reflection phase (in the past: the plan places today later).
        days = (prompt.phase.ends_on - prompt.phase.starts_on).days + 1
        for i, entry in enumerate(entries):
            entry.written_at = _local(prompt.phase.starts_on + datetime.timedelta(i % days), 19)
        JournalEntry.objects.bulk_update(entries, ["written_at"], batch_size=2000)
    return ReflectionPrompt.objects.filter(phase__in=phases).count()


def _groups(programme) -> GroupFormation:
    formation = GroupFormation.objects.filter(programme=programme).first()
    if formation is not None:
        return formation
    return form_learning_groups(programme=programme, min_size=6, max_size=8, time_limit=4.0)
