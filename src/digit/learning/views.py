"""Pages for participants and leaders: catalogue, sessions, enrolment, attendance, my learning."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from digit.access.policy import login_required, may_manage_programme, role_required
from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.learning import selectors, services
from digit.learning.calendar import session_calendar
from digit.learning.forms import (
    ATTENDANCE_CHOICES,
    CatalogueFilterForm,
    EvaluationForm,
    JournalEntryForm,
    StaffEnrolForm,
)
from digit.learning.models import Attendance, AttendanceChange, Enrolment
from digit.learning.recommendations import (
    latest_response,
    recommended_sessions,
    weakest_competences,
)
from digit.people.models import Person


def _person(request):
    return getattr(request.user, "person", None)


@require_GET
@login_required
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    activities = selectors.catalogue(
        request.user,
        competence=filters.get("competence"),
        kind=filters.get("kind", ""),
        format=filters.get("format", ""),
    )
    person = _person(request)
    gaps, recommendations = [], []
    if person is not None:
        gaps = weakest_competences(latest_response(person))
        recommendations = recommended_sessions(person, gaps)
    context = {
        "form": form,
        "activities": activities,
        "gap_competence_codes": gaps,
        "recommendations": recommendations,
        "may_manage": may_manage_programme(request.user),
    }
    template = "learning/catalogue.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)


@require_GET
@login_required
def activity_detail(request, pk):
    activity = get_object_or_404(selectors.visible_activities(request.user), pk=pk)
    may_manage = may_manage_programme(request.user)
    sessions = selectors.upcoming_sessions(activity)
    past = activity.sessions.filter(starts_at__lte=timezone.now()).order_by("-starts_at")
    return render(
        request,
        "learning/activity_detail.html",
        {
            "activity": activity,
            "sessions": sessions,
            "past_sessions": past[:20] if may_manage else [],
            "may_manage": may_manage,
            "evaluations": selectors.evaluation_summary(activity) if may_manage else None,
        },
    )


@require_GET
@login_required
def session_detail(request, pk):
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    person = _person(request)
    mine = None
    if person is not None:
        mine = session.enrolments.filter(person=person).exclude(status="cancelled").first()
    may_manage = may_manage_programme(request.user)
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "enrolment": mine,
            "may_manage": may_manage,
            "is_past": session.starts_at <= timezone.now(),
            "deadline_passed": timezone.now() > session.cancellation_deadline,
            "may_register": selectors.sessions_to_register(request.user)
            .filter(pk=session.pk)
            .exists(),
            "participants": session.enrolments.exclude(status="cancelled").select_related(
                "person__unit"
            )
            if may_manage
            else [],
            "staff_form": StaffEnrolForm() if may_manage else None,
        },
    )


@require_POST
@role_required(Role.EMPLOYEE)
def enrol(request, pk):
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    waiting = request.POST.get("waiting_list") == "1"
    try:
        enrolment = services.enrol(
            session_id=session.pk, person=_person(request), by=request.user, waiting_list=waiting
        )
    except services.EnrolmentError as error:  # full (waiting list offered), double, started
        messages.error(request, error.message)
        return redirect("learning:session_detail", pk=session.pk)
    if enrolment.status == Enrolment.Status.WAITING:
        messages.success(request, _("You are on the waiting list. We e-mail you if a seat frees."))
    else:
        messages.success(request, _("You are enrolled. A confirmation is on its way by e-mail."))
    return redirect("learning:session_detail", pk=session.pk)


@require_POST
@role_required(Role.PROGRAMME_STAFF)
def staff_enrol(request, pk):
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    form = StaffEnrolForm(request.POST)
    if form.is_valid():
        person = Person.objects.current().filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            messages.error(request, _("No current employee has that e-mail address."))
        else:
            try:
                enrolment = services.enrol(
                    session_id=session.pk, person=person, by=request.user, waiting_list=True
                )
                if enrolment.status == Enrolment.Status.WAITING:
                    text = _("The session is full: %(name)s is on the waiting list.")
                else:
                    text = _("%(name)s is enrolled.")
                messages.success(request, text % {"name": person.full_name})
            except services.EnrolmentError as error:
                messages.error(request, error.message)
    else:
        messages.error(request, _("Give a valid e-mail address."))
    return redirect("learning:session_detail", pk=session.pk)


@require_POST
@role_required(Role.EMPLOYEE, Role.PROGRAMME_STAFF)
def cancel(request, pk):
    by_staff = may_manage_programme(request.user)
    enrolments = (
        Enrolment.objects.all() if by_staff else Enrolment.objects.filter(person=_person(request))
    )
    enrolment = get_object_or_404(enrolments, pk=pk)
    try:
        services.cancel(enrolment_id=enrolment.pk, person=_person(request), by_staff=by_staff)
    except services.EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The enrolment is cancelled."))
    return redirect("learning:session_detail", pk=enrolment.session_id)


@require_GET
@login_required
def session_ics(request, pk):
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    person = _person(request)
    enrolled = (
        person is not None
        and session.enrolments.filter(person=person, status=Enrolment.Status.ENROLLED).exists()
    )
    response = HttpResponse(
        session_calendar(session, person if enrolled else None),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"digit-session-{session.pk}.ics"
    )
    return response


@dataclass(frozen=True)
class AttendanceRow:
    """A person on the roll: enrolled, or recorded as attending without an enrolment."""

    person: Person
    attendance: Attendance | None  # None until the leader records it


def _attendance_rows(session) -> list[AttendanceRow]:
    attendance = {a.person_id: a for a in session.attendances.all()}
    enrolled = session.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("person")
    people = [e.person for e in enrolled]
    people += [a.person for a in attendance.values() if a.person not in people]
    return [AttendanceRow(p, attendance.get(p.pk)) for p in people]


@require_http_methods(["GET", "POST"])
@role_required(Role.ROLE_MODEL, Role.PROGRAMME_STAFF)
def attendance(request, pk):
    session = get_object_or_404(selectors.sessions_to_register(request.user), pk=pk)
    rows = _attendance_rows(session)
    errors = []
    if request.method == "POST":
        statuses = {value for value, _label in ATTENDANCE_CHOICES}
        marks = {}
        for row in rows:
            person_id = row.person.pk
            status = request.POST.get(f"status-{person_id}", "")
            if not status:
                continue
            if status not in statuses:
                raise Http404
            raw = request.POST.get(f"minutes-{person_id}", "").strip()
            minutes = int(raw) if raw.isdigit() else None
            marks[person_id] = (status, minutes)
        try:
            services.register_attendance(session=session, marks=marks, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("learning:attendance", pk=session.pk)
    audit.record_views(
        request,
        Kind.ATTENDANCE_VIEWED,
        object_type="session",
        object_id=session.pk,
        person_ids=[row.person.pk for row in rows],
    )
    return render(
        request,
        "learning/attendance.html",
        {
            "session": session,
            "rows": rows,
            "choices": ATTENDANCE_CHOICES,
            "errors": errors,
            "changes": (
                AttendanceChange.objects.filter(attendance__session=session)
                .select_related("attendance__person", "changed_by")
                .order_by("-changed_at")
            ),
        },
    )


@require_GET
@role_required(Role.ROLE_MODEL, Role.PROGRAMME_STAFF)
def leading(request):
    sessions = selectors.sessions_to_register(request.user)
    person = _person(request)
    if person is not None:
        sessions = sessions.filter(leader=person)
    return render(request, "learning/leading.html", {"sessions": sessions.order_by("-starts_at")})


@require_GET
@role_required(Role.EMPLOYEE)
def my_learning(request):
    person = _person(request)
    year = timezone.localdate().year
    return render(
        request,
        "learning/mine.html",
        {
            "enrolments": selectors.enrolments_of(person),
            "months": selectors.hours_by_month(person),
            "hours_this_year": selectors.hours_in_year(person, year),
            "year": year,
            "to_evaluate": selectors.sessions_to_evaluate(person)[:10],
            "to_reflect": selectors.sessions_to_reflect_on(person)[:5],
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.EMPLOYEE)
def evaluate(request, pk):
    person = _person(request)
    session = get_object_or_404(selectors.sessions_to_evaluate(person), pk=pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_evaluation(
                session=session,
                person=person,
                usefulness=form.cleaned_data["usefulness"],
                will_use=form.cleaned_data["will_use"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("learning:mine")
    return render(request, "learning/evaluate.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(Role.EMPLOYEE)
def journal(request):
    """The person's private journal: prompts of the current self-reflection phase and prompts
    to reflect on a session they attended."""
    person = _person(request)
    prompts = selectors.current_prompts(person)
    prompt = session = competence = None
    if request.GET.get("prompt") or request.POST.get("prompt"):
        prompt = get_object_or_404(prompts, pk=request.GET.get("prompt") or request.POST["prompt"])
    if request.GET.get("session") or request.POST.get("session"):
        pk = request.GET.get("session") or request.POST["session"]
        session = get_object_or_404(selectors.sessions_to_reflect_on(person), pk=pk)
        competence = session.activity.competences.first()
    form = JournalEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_journal_entry(
                person=person,
                text=form.cleaned_data["text"],
                prompt=prompt,
                session=session,
                competence=competence,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved in your journal. Only you can read it."))
            return redirect("learning:journal")
    return render(
        request,
        "learning/journal.html",
        {
            "form": form,
            "prompts": prompts,
            "prompt": prompt,
            "session": session,
            "competence": competence,
            "to_reflect": selectors.sessions_to_reflect_on(person)[:5],
            "entries": selectors.journal_of(person),
        },
    )
