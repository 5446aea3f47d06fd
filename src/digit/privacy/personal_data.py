"""Everything Digit holds about one person (GDPR Art. 15), gathered from every app: the person
record and account, roles, invitations, responses with their scores and answers (found by the
person's pseudonym), reliable-change verdicts, enrolments, attendance, evaluations, the
journal, role-model appointments, learning groups, the audit entries about them and when their
personal identity number was shown or sent (never the number itself).

Nothing about another person is included: sessions and groups appear by name and number,
never with their other participants. Who looked at the person's data (the viewer's account)
is part of it on purpose: it is what the person has the right to know.

``PERSON_RELATIONS`` names every relation of ``people.Person`` read here; a test fails when a
new model points at a person and is missing from this list (and so from the download).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as gettext
from django.utils.translation import gettext_lazy as _

from digit.access.roles import roles_of
from digit.assessments.models import Change, Invitation, Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.audit.models import Entry
from digit.audit.selectors import entries_about
from digit.funding.models import TimeCertificate
from digit.learning.models import (
    Attendance,
    Enrolment,
    Evaluation,
    GroupMembership,
    JournalEntry,
    LearningGroup,
    RoleModel,
    Session,
)
from digit.people.models import Person

PERSON_RELATIONS = frozenset(
    {
        "user",
        "managed_units",
        "invitations",
        "enrolments",
        "attendances",
        "evaluations",
        "journal_entries",
        "role_model_appointments",
        "group_memberships",
        "sessions_led",
        "groups_supported",
        "identity_number_disclosures",
        "time_certificates",
    }
)

type Record = dict[str, Any]


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def personal_data(person: Person) -> dict[str, Any]:
    """The person's data as plain JSON-ready values, section by section."""
    pseudonym = pseudonym_for(person.pk)
    return {
        "generated_at": _when(timezone.now()),
        "person": _person(person),
        "account": _account(person),
        "invitations": _invitations(person),
        "responses": _responses(pseudonym),
        "reliable_changes": _changes(pseudonym),
        "enrolments": _enrolments(person),
        "attendance": _attendance(person),
        "evaluations": _evaluations(person),
        "journal": _journal(person),
        "role_model_appointments": _appointments(person),
        "learning_groups": _groups(person),
        "sessions_led": _sessions_led(person),
        "time_certificates": _time_certificates(person),
        "audit_entries": _audit_entries(person),
        "identity_number_disclosures": _identity_number_disclosures(person),
    }


def _person(person: Person) -> Record:
    return {
        "employee_number": person.employee_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "unit": f"{person.unit.code} {person.unit.name}",
        "manager": person.is_manager,
        "managed_units": [f"{u.code} {u.name}" for u in person.managed_units.all()],
        "gender": person.gender,
        "birth_year": person.birth_year,
        "employment_start": _when(person.employment_start),
        "employment_end": _when(person.employment_end),
        "hourly_cost": None if person.hourly_cost is None else str(person.hourly_cost),
        "role_model": person.is_role_model,
        "left_on": _when(person.left_on),
        "education_level": person.education_level or None,
    }


def _account(person: Person) -> Record | None:
    user = person.user
    if user is None:
        return None
    return {
        "email": user.email,
        "active": user.is_active,
        "created": _when(user.date_joined),
        "last_sign_in": _when(user.last_login),
        "roles": sorted(role.value for role in roles_of(user)),
    }


def _invitations(person: Person) -> list[Record]:
    invitations = Invitation.objects.filter(person=person).select_related("wave")
    return [
        {
            "wave": i.wave.name,
            "sent": _when(i.sent_at),
            "reminded": _when(i.reminded_at),
            "link_used": _when(i.used_at),
            "completed": i.completed,
        }
        for i in invitations.order_by("wave__opens_on")
    ]


def _responses(pseudonym: str) -> list[Record]:
    responses = (
        Response.objects.filter(pseudonym=pseudonym)
        .select_related("wave", "unit")
        .prefetch_related("answers__item")
        .order_by("wave__opens_on")
    )
    return [
        {
            "wave": r.wave.name,
            "started": _when(r.started_at),
            "submitted": _when(r.submitted_at),
            "unit": r.unit.name,
            "gender": r.gender,
            "age_band": r.age_band,
            "manager": r.is_manager,
            "total_score": r.total_score,
            "area_scores": r.area_scores,
            "competence_scores": r.competence_scores,
            "practices_index": r.practices_index,
            "active_user": r.is_active_user,
            "answers": [
                {"item": a.item.key, "statement": a.item.text, "value": a.value}
                for a in sorted(r.answers.all(), key=lambda a: (a.item.order, a.item.pk))
            ],
        }
        for r in responses
    ]


def _changes(pseudonym: str) -> list[Record]:
    changes = Change.objects.filter(pseudonym=pseudonym).select_related("baseline", "follow_up")
    return [
        {
            "baseline": c.baseline.name,
            "follow_up": c.follow_up.name,
            "baseline_total": c.baseline_total,
            "follow_up_total": c.follow_up_total,
            "reliable_change_index": c.rci,
            "verdict": c.verdict,
            "near_ceiling": c.near_ceiling,
        }
        for c in changes.order_by("follow_up__opens_on")
    ]


def _session(session: Session) -> str:
    return f"{session.activity.title} {_when(session.starts_at)}"


def _enrolments(person: Person) -> list[Record]:
    enrolments = Enrolment.objects.filter(person=person).select_related("session__activity")
    return [
        {
            "session": _session(e.session),
            "status": e.status,
            "enrolled": _when(e.created_at),
            "cancelled": _when(e.cancelled_at),
        }
        for e in enrolments.order_by("created_at")
    ]


def _attendance(person: Person) -> list[Record]:
    rows = Attendance.objects.filter(person=person).select_related("session__activity")
    return [
        {"session": _session(a.session), "status": a.status, "minutes": a.minutes}
        for a in rows.order_by("session__starts_at")
    ]


def _time_certificates(person: Person) -> list[Record]:
    """Monthly time certificates (funding): hours, value and signatures, every version."""
    rows = TimeCertificate.objects.filter(person=person).select_related("programme")
    return [
        {
            "programme": c.programme.name,
            "month": c.month.strftime("%Y-%m"),
            "version": c.version,
            "status": c.status,
            "counted_minutes": c.counted_minutes,
            "value_ore": c.value_ore,
            "signed_at": _when(c.signed_at),
            "attested_at": _when(c.attested_at),
        }
        for c in rows.order_by("month", "version")
    ]


def _evaluations(person: Person) -> list[Record]:
    rows = Evaluation.objects.filter(person=person).select_related("session__activity")
    return [
        {
            "session": _session(e.session),
            "usefulness": e.usefulness,
            "will_use": e.will_use,
            "submitted": _when(e.submitted_at),
        }
        for e in rows.order_by("submitted_at")
    ]


def _journal(person: Person) -> list[Record]:
    entries = JournalEntry.objects.filter(person=person).select_related(
        "prompt", "session__activity", "competence"
    )
    return [
        {
            "written": _when(e.written_at),
            "prompt": e.prompt.text if e.prompt else None,
            "session": _session(e.session) if e.session else None,
            "competence": e.competence.code if e.competence else None,
            "text": e.text,
        }
        for e in entries.order_by("written_at")
    ]


def _appointments(person: Person) -> list[Record]:
    rows = RoleModel.objects.filter(person=person).select_related("programme")
    return [
        {
            "programme": r.programme.name,
            "appointed": _when(r.appointed_at),
            "ended": _when(r.ended_at),
        }
        for r in rows
    ]


def _groups(person: Person) -> list[Record]:
    member = GroupMembership.objects.filter(person=person).select_related(
        "group__formation__programme"
    )
    supported = LearningGroup.objects.filter(role_model=person).select_related(
        "formation__programme"
    )
    return [
        {
            "programme": m.group.formation.programme.name,
            "formed": _when(m.group.formation.formed_at),
            "group": m.group.number,
            "as": "member",
            "level_band": m.level_band,
        }
        for m in member
    ] + [
        {
            "programme": g.formation.programme.name,
            "formed": _when(g.formation.formed_at),
            "group": g.number,
            "as": "role_model",
            "level_band": None,
        }
        for g in supported
    ]


def _sessions_led(person: Person) -> list[Record]:
    sessions = Session.objects.filter(leader=person).select_related("activity")
    return [{"session": _session(s)} for s in sessions.order_by("starts_at")]


def _identity_number_disclosures(person: Person) -> list[Record]:
    """Who saw or exported the person's identity number, and when (reporting's log)."""
    disclosures = person.identity_number_disclosures.select_related("by").order_by("-at")
    return [
        {"when": _when(d.at), "who": d.by.email, "kind": d.kind, "what": d.what}
        for d in disclosures
    ]


def _audit_entries(person: Person) -> list[Record]:
    """Entries about the person, and the person's own sign-ins (never an entry about someone
    else that the person's account wrote: that is the other person's data)."""
    about = list(entries_about(person.pk))
    own: list[Entry] = []
    if person.user_id is not None:
        own = list(
            Entry.objects.filter(actor_id=person.user_id, subject_person_id=None).select_related(
                "actor"
            )
        )
    entries = sorted(about + own, key=lambda e: (e.at, e.pk), reverse=True)
    return [
        {
            "when": _when(e.at),
            "what": e.kind,
            "who": e.actor.email if e.actor else None,
            "object": f"{e.object_type} {e.object_id}".strip(),
            "ip": e.ip if e.actor_id == person.user_id else None,
            "request_id": e.request_id,
        }
        for e in entries
    ]


# Headings of the readable (PDF) version, in the order of ``personal_data``.
SECTION_TITLES = {
    "person": _("Person record"),
    "account": _("Account and roles"),
    "invitations": _("Invitations to assessments"),
    "responses": _("Self-assessments and scores"),
    "reliable_changes": _("Reliable change between waves"),
    "enrolments": _("Enrolments"),
    "attendance": _("Attendance"),
    "evaluations": _("Session evaluations"),
    "journal": _("Journal"),
    "role_model_appointments": _("Role-model appointments"),
    "learning_groups": _("Learning groups"),
    "sessions_led": _("Sessions led"),
    "time_certificates": _("Time certificates"),
    "audit_entries": _("Audit entries about you"),
    "identity_number_disclosures": _("When your personal identity number was shown or exported"),
}

FIELD_LABELS = {
    "employee_number": _("Employee number"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail"),
    "unit": _("Unit"),
    "manager": _("Manager"),
    "managed_units": _("Managed units"),
    "gender": _("Gender"),
    "birth_year": _("Birth year"),
    "employment_start": _("Employment start"),
    "employment_end": _("Employment end"),
    "hourly_cost": _("Hourly salary cost (SEK)"),
    "role_model": _("Digit role model"),
    "left_on": _("Left on"),
    "active": _("Active"),
    "created": _("Created"),
    "last_sign_in": _("Last sign-in"),
    "roles": _("Roles"),
    "wave": _("Wave"),
    "sent": _("Sent"),
    "reminded": _("Reminded"),
    "link_used": _("Link used"),
    "completed": _("Completed"),
    "started": _("Started"),
    "submitted": _("Submitted"),
    "age_band": _("Age band"),
    "total_score": _("Total score"),
    "area_scores": _("Area scores"),
    "competence_scores": _("Competence scores"),
    "practices_index": _("Digital working practices"),
    "active_user": _("Active user"),
    "baseline": _("Baseline"),
    "follow_up": _("Follow-up"),
    "baseline_total": _("Baseline total"),
    "follow_up_total": _("Follow-up total"),
    "reliable_change_index": _("Reliable change index"),
    "verdict": _("Verdict"),
    "near_ceiling": _("Near the ceiling"),
    "session": _("Session"),
    "status": _("Status"),
    "enrolled": _("Enrolled"),
    "cancelled": _("Cancelled"),
    "minutes": _("Minutes"),
    "usefulness": _("Usefulness (1–5)"),
    "will_use": _("What you will use"),
    "written": _("Written"),
    "prompt": _("Prompt"),
    "competence": _("Competence"),
    "text": _("Text"),
    "programme": _("Programme"),
    "appointed": _("Appointed"),
    "ended": _("Ended"),
    "formed": _("Formed"),
    "group": _("Group"),
    "as": _("As"),
    "level_band": _("Level band"),
    "when": _("When"),
    "what": _("What"),
    "who": _("Who"),
    "object": _("Object"),
    "ip": _("IP address"),
    "request_id": _("Request id"),
    "item": _("Item"),
    "statement": _("Statement"),
    "value": _("Answer"),
}


@dataclass(frozen=True)
class Table:
    """One section of the readable version: a heading and a table (maybe without rows)."""

    title: str
    headers: list[str]
    rows: list[list[str]]


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


def _table(title: str, records: list[Record]) -> Table:
    headers = list(records[0]) if records else []
    return Table(
        title, [_label(h) for h in headers], [[_text(r[h]) for h in headers] for r in records]
    )


def readable_sections(data: dict[str, Any]) -> list[Table]:
    """The sections of ``personal_data`` as tables, for the PDF."""
    tables = []
    for key, title in SECTION_TITLES.items():
        value = data[key]
        if isinstance(value, dict) or value is None:
            rows = [[_label(k), _text(v)] for k, v in (value or {}).items()]
            tables.append(Table(str(title), [gettext("Field"), gettext("Value")], rows))
        elif key == "responses":
            plain = [{k: v for k, v in r.items() if k != "answers"} for r in value]
            tables.append(_table(str(title), plain))
            for response in value:
                heading = gettext("Answers: %(wave)s") % {"wave": response["wave"]}
                tables.append(_table(heading, response["answers"]))
        else:
            tables.append(_table(str(title), value))
    return tables
