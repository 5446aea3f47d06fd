"""GDPR "My data": one click gives everything Digit holds about the signed-in person, as JSON
and as a readable, tagged PDF, and nothing about anyone else."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from digit.access.roles import Role
from digit.assessments.models import Change, Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.audit import services as audit
from digit.audit.models import Entry, Kind
from digit.learning.models import (
    Attendance,
    Evaluation,
    GroupFormation,
    GroupMembership,
    JournalEntry,
    LearningGroup,
)
from digit.learning.role_models import appoint
from digit.learning.services import enrol
from digit.people.models import Person
from digit.privacy.personal_data import PERSON_RELATIONS
from tests.assessments.conftest import baseline_and_follow_up, submit_answers
from tests.factories import make_account, make_person
from tests.learning.factories import make_activity, make_programme, make_session

pytestmark = pytest.mark.django_db


def take_part(person, session, formation, group_number, journal_text):
    """The person enrols, attends, evaluates, writes in the journal and is in a group."""
    enrol(session_id=session.pk, person=person)
    Attendance.objects.create(session=session, person=person, status="present", minutes=120)
    Evaluation.objects.create(session=session, person=person, usefulness=4, will_use="tabeller")
    JournalEntry.objects.create(person=person, session=session, text=journal_text)
    group = LearningGroup.objects.create(formation=formation, number=group_number)
    GroupMembership.objects.create(formation=formation, group=group, person=person, level_band=2)


@pytest.fixture
def world(organisation):
    """Me and Otto Other: both answered both waves, took part in one session, wrote in the
    journal, were looked at by staff. I also lead a session and am a role model."""
    me = make_person(organisation["branch_a"], first_name="Mira", last_name="Mine")
    other = make_person(organisation["branch_a"], first_name="Otto", last_name="Other")
    crowd = [make_person(organisation["branch_a"]) for _ in range(4)]
    baseline, follow_up = baseline_and_follow_up([me, other, *crowd])
    submit_answers(follow_up, me, lambda item: 3)
    submit_answers(follow_up, other, lambda item: 1)
    programme = make_programme(organisation["root"])
    session = make_session(make_activity(programme))
    formation = GroupFormation.objects.create(
        programme=programme, min_size=2, max_size=4, method="t", objective=0, bound=0, seconds=0
    )
    take_part(me, session, formation, 1, "Mitt hemliga dagboksord")
    take_part(other, session, formation, 2, "Ottos hemliga dagboksord")
    make_session(make_activity(programme), leader=me)
    staff = make_account(Role.PROGRAMME_STAFF)
    appoint(programme=programme, person=me, by=staff)
    for person in (me, other):
        audit.record(
            Kind.PROFILE_VIEWED, actor=staff, object_type="profile", subject_person_id=person.pk
        )
    return {"me": me, "other": other, "staff": staff, "follow_up": follow_up}


def download(client, person, fmt):
    client.force_login(person.user)
    response = client.get(reverse("web:my_data_download", args=[fmt]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return response


def test_the_json_holds_every_kind_of_data_about_the_person(client, world):
    me, staff = world["me"], world["staff"]
    data = json.loads(download(client, me, "json").content)
    assert data["person"]["employee_number"] == me.employee_number
    assert data["person"]["hourly_cost"] == str(me.hourly_cost)
    assert data["account"]["email"] == me.email
    assert set(data["account"]["roles"]) == {Role.EMPLOYEE, Role.ROLE_MODEL}
    assert [i["wave"] for i in data["invitations"]] == ["Nollmätning 2019", "Uppföljning 2022"]
    stored = Response.objects.filter(pseudonym=pseudonym_for(me.pk)).order_by("wave__opens_on")
    assert [r["total_score"] for r in data["responses"]] == [r.total_score for r in stored]
    assert data["responses"][1]["competence_scores"] == stored[1].competence_scores
    items = world["follow_up"].instrument.items.count()
    assert [len(r["answers"]) for r in data["responses"]] == [items, items]
    assert {a["value"] for a in data["responses"][1]["answers"]} <= {3, 4}
    change = Change.objects.get(pseudonym=pseudonym_for(me.pk))
    assert data["reliable_changes"][0]["reliable_change_index"] == change.rci
    assert data["enrolments"][0]["status"] == "enrolled"
    assert data["attendance"][0]["minutes"] == 120
    assert data["evaluations"][0]["will_use"] == "tabeller"
    assert data["journal"][0]["text"] == "Mitt hemliga dagboksord"
    assert len(data["role_model_appointments"]) == 1
    assert data["learning_groups"][0]["group"] == 1
    assert len(data["sessions_led"]) == 1
    viewed = [e for e in data["audit_entries"] if e["what"] == Kind.PROFILE_VIEWED]
    assert [e["who"] for e in viewed] == [staff.email]
    assert any(e["what"] == Kind.ROLE_CHANGED for e in data["audit_entries"])


def test_nothing_about_another_person_is_in_the_download(client, world):
    me, other = world["me"], world["other"]
    archive = zipfile.ZipFile(io.BytesIO(download(client, me, "zip").content))
    names = sorted(archive.namelist())
    assert [name.rsplit(".", 1)[1] for name in names] == ["json", "pdf"]
    text = archive.read(names[0]).decode()
    pdf_text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(archive.read(names[1]))).pages
    )
    for content in (text, pdf_text):
        assert me.last_name in content and "Mitt hemliga dagboksord" in content.replace("\n", " ")
        for trace in (other.first_name, other.last_name, other.email, other.employee_number,
                      "Ottos hemliga", pseudonym_for(other.pk), pseudonym_for(me.pk)):  # fmt: skip
            assert trace not in content, trace


def test_the_pdf_is_tagged_with_language_and_title(client, world):
    me = world["me"]
    reader = PdfReader(io.BytesIO(download(client, me, "pdf").content))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "sv"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == f"Mina uppgifter i Digit: {me.full_name}"
    assert "pdfuaid" in catalog["/Metadata"].get_object().get_data().decode()
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Närvaro" in text and "Dagbok" in text


def test_every_relation_of_a_person_is_in_the_download():
    """A new model that points at a person must be added to the download (and this list)."""
    relations = {
        relation.get_accessor_name() or relation.name for relation in Person._meta.related_objects
    }
    relations |= {field.name for field in Person._meta.get_fields() if field.is_relation}
    relations -= {"unit"}  # the unit is part of the person record
    assert relations == PERSON_RELATIONS


def test_the_download_is_audited_but_not_listed_as_a_view_by_someone_else(client, world):
    me = world["me"]
    download(client, me, "json")
    [entry] = Entry.objects.filter(kind=Kind.MY_DATA_DOWNLOADED)
    assert (entry.actor, entry.subject_person_id, entry.detail) == (me.user, me.pk, "json")
    page = client.get(reverse("web:my_data"))
    assert [e.kind for e in page.context["page"]] == [Kind.PROFILE_VIEWED]


def test_accounts_without_a_person_and_visitors_get_no_download(client, staff):
    url = reverse("web:my_data_download", args=["json"])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(staff)
    assert client.get(url).status_code == 403
