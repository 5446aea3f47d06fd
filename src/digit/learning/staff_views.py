"""Pages for programme staff: activities and sessions, reflection prompts, learning groups,
role models."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from digit.access.policy import role_required
from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.learning import groups as learning_groups
from digit.learning import role_models, services
from digit.learning.forms import (
    ActivityForm,
    GroupFormationForm,
    MoveMemberForm,
    ReflectionPromptForm,
    SessionForm,
)
from digit.learning.models import (
    Activity,
    GroupFormation,
    GroupMembership,
    LearningGroup,
    ReflectionPrompt,
    RoleModel,
    Session,
)
from digit.learning.selectors import reflection_counts
from digit.programmes.selectors import visible_programmes

staff_only = role_required(Role.PROGRAMME_STAFF)


def _activities(user):
    return Activity.objects.filter(programme__in=visible_programmes(user))


@require_http_methods(["GET", "POST"])
@staff_only
def activity_edit(request, pk=None):
    activity = get_object_or_404(_activities(request.user), pk=pk) if pk else None
    form = ActivityForm(
        request.POST or None, instance=activity, programmes=visible_programmes(request.user)
    )
    if request.method == "POST" and form.is_valid():
        activity = form.save()
        messages.success(request, _("The activity is saved."))
        return redirect("learning:activity_detail", pk=activity.pk)
    return render(request, "learning/activity_form.html", {"form": form, "activity": activity})


@require_http_methods(["GET", "POST"])
@staff_only
def session_edit(request, activity_pk=None, pk=None):
    if pk:
        session = get_object_or_404(
            Session.objects.filter(activity__in=_activities(request.user)), pk=pk
        )
        activity = session.activity
    else:
        activity = get_object_or_404(_activities(request.user), pk=activity_pk)
        session = Session(activity=activity)
    leaders = role_models.participants(activity.programme).filter(is_role_model=True)
    form = SessionForm(request.POST or None, instance=session, leaders=leaders)
    if request.method == "POST" and form.is_valid():
        session = services.save_session(form)
        messages.success(request, _("The session is saved."))
        return redirect("learning:session_detail", pk=session.pk)
    return render(
        request,
        "learning/session_form.html",
        {"form": form, "activity": activity, "session": session if pk else None},
    )


def _programme(request, slug):
    return get_object_or_404(visible_programmes(request.user), slug=slug)


@require_GET
@staff_only
def programme_learning(request):
    """Staff's entry: pick a programme for groups, role models and reflection."""
    return render(
        request, "learning/programmes.html", {"programmes": visible_programmes(request.user)}
    )


@require_http_methods(["GET", "POST"])
@staff_only
def prompts(request, slug):
    programme = _programme(request, slug)
    form = ReflectionPromptForm(request.POST or None, programme=programme)
    if request.method == "POST":
        if request.POST.get("delete"):
            get_object_or_404(
                ReflectionPrompt.objects.filter(phase__programme=programme),
                pk=request.POST["delete"],
            ).delete()
            messages.success(request, _("The prompt is removed."))
            return redirect("learning:prompts", slug=slug)
        if form.is_valid():
            form.save()
            messages.success(request, _("The prompt is added."))
            return redirect("learning:prompts", slug=slug)
    people = reflection_counts(role_models.participants(programme))
    counts = [person.entries for person in people]
    shown = list(people.select_related("unit").order_by("-entries", "last_name")[:500])
    audit.record_views(
        request,
        Kind.JOURNAL_STATUS_VIEWED,
        object_type="programme",
        object_id=programme.pk,
        person_ids=[person.pk for person in shown],
    )
    return render(
        request,
        "learning/prompts.html",
        {
            "programme": programme,
            "form": form,
            "prompts": ReflectionPrompt.objects.filter(phase__programme=programme).select_related(
                "phase"
            ),
            "people": shown,
            "writers": sum(1 for n in counts if n),
            "participants": len(counts),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_only
def groups(request, slug):
    programme = _programme(request, slug)
    form = GroupFormationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = _form_groups(request, programme, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("learning:groups", slug=slug)
    pending = learning_groups.pending_request(programme)
    if request.headers.get("HX-Request"):  # polled while the worker forms the groups
        if pending and pending["busy"]:
            context = {"programme": programme, "pending": pending}
            return render(request, "learning/groups.html#pending", context)
        return HttpResponse(headers={"HX-Refresh": "true"})  # finished: show the whole page
    formation = learning_groups.latest_formation(programme)
    context = {"programme": programme, "form": form, "formation": formation, "pending": pending}
    if formation is not None:
        context["quality"] = learning_groups.quality(formation)
        context["move_groups"] = list(formation.groups.order_by("number"))
    return render(request, "learning/groups.html", context)


def _form_groups(request, programme, sizes) -> str:
    """Form the groups now, or ask the worker for a large programme; the message to show."""
    if learning_groups.forms_in_background(programme):
        learning_groups.request_learning_groups(programme=programme, by=request.user, **sizes)
        return _("The groups are being formed in the background; this page shows them when done.")
    formation = learning_groups.form_learning_groups(programme=programme, by=request.user, **sizes)
    return _("%(n)s groups formed.") % {"n": formation.groups.count()}


@require_POST
@staff_only
def move_member(request, slug, formation_pk):
    programme = _programme(request, slug)
    formation = get_object_or_404(
        GroupFormation.objects.filter(programme=programme), pk=formation_pk
    )
    form = MoveMemberForm(request.POST, groups=formation.groups.all())
    if form.is_valid():
        try:
            learning_groups.move_member(
                formation=formation,
                person_id=form.cleaned_data["person"],
                group_id=int(form.cleaned_data["group"]),
            )
        except (GroupMembership.DoesNotExist, LearningGroup.DoesNotExist):
            messages.error(request, _("That person or group is not part of these groups."))
        else:
            messages.success(request, _("Moved. The quality below is updated."))
    else:
        messages.error(request, _("Choose a group to move to."))
    return redirect("learning:groups", slug=slug)


@require_http_methods(["GET", "POST"])
@staff_only
def role_model_list(request, slug):
    programme = _programme(request, slug)
    if request.method == "POST":
        if request.POST.get("end"):
            appointment = get_object_or_404(
                RoleModel.objects.filter(programme=programme, ended_at__isnull=True),
                pk=request.POST["end"],
            )
            role_models.end_appointment(appointment=appointment)
            messages.success(request, _("The appointment has ended."))
            return redirect("learning:role_models", slug=slug)
        person = get_object_or_404(
            role_models.participants(programme), pk=request.POST.get("person")
        )
        try:
            role_models.appoint(programme=programme, person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is now a Digit role model.") % {"name": person.full_name}
            )
        return redirect("learning:role_models", slug=slug)
    return render(
        request,
        "learning/role_models.html",
        {
            "programme": programme,
            "activity": role_models.activity_of_role_models(programme),
            "coverage": role_models.coverage(programme),
            "suggestions": role_models.suggestions(programme),
            "full": RoleModel.objects.filter(programme=programme, ended_at__isnull=True).count()
            >= programme.target_role_models,
        },
    )
