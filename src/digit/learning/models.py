"""The learning programme: activities, sessions, enrolment, attendance, reflection, groups.

Seats are counted on the session row (``seats_taken``) and the database refuses more than
``capacity`` (a check constraint); services lock that row before they change it, so two people
can never get the last seat. Attendance is the base for in-kind co-financing, so every change
after the first registration is kept in ``AttendanceChange``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digit.bilingual import in_active_language


class Activity(models.Model):
    """A training offer in the catalogue; it runs as one or more sessions."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        WORKSHOP = "workshop", _("Workshop")
        E_LEARNING = "e_learning", _("E-learning")
        DROP_IN = "drop_in", _("Drop-in (Digit café)")
        STUDY_CIRCLE = "study_circle", _("Study circle")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        SELF_PACED = "self_paced", _("Self-paced")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("programme"),
    )
    phase = models.ForeignKey(
        "programmes.Phase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("phase"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    competences = models.ManyToManyField(
        "competences.Competence",
        related_name="activities",
        verbose_name=_("competences addressed"),
    )
    level_from = models.PositiveSmallIntegerField(_("target level from"), default=1)
    level_to = models.PositiveSmallIntegerField(_("target level to"), default=2)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title_sv"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(level_from__gte=1) & Q(level_to__gte=models.F("level_from")),
                name="activity_levels_ordered",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="activity_duration_positive"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_sv, self.title_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_sv, self.description_en)


class Session(models.Model):
    """One occurrence of an activity, with a place or a link, a leader and a capacity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    # Kept equal to the number of enrolled (not waiting, not cancelled) people by the services;
    # the check constraint is the last line of defence against overbooking.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions_led",
        verbose_name=_("leader (role model)"),
    )
    external_trainer = models.CharField(_("external trainer"), max_length=200, blank=True)
    cancellation_deadline = models.DateTimeField(_("cancellation deadline"))
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=models.F("capacity")),
                name="session_not_overbooked",
            ),
            models.CheckConstraint(
                condition=Q(cancellation_deadline__lte=models.F("starts_at")),
                name="session_deadline_before_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.activity.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def free_seats(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def leader_name(self) -> str:
        return self.leader.full_name if self.leader is not None else self.external_trainer


class Enrolment(models.Model):
    """A person's place on a session, or on its waiting list. Cancelled rows stay as history."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Waiting-list order: first come, first promoted.
    waiting_since = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_active_enrolment_per_person_and_session",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"])]


class Attendance(models.Model):
    """Whether a person attended a session, and for how many minutes (the hours' source)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        PARTIAL = "partial", _("Partly present")
        ABSENT = "absent", _("Absent")

    # PROTECT: hours are evidence for co-financing; a session with attendance is never deleted.
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_attendance_per_person_and_session"
            ),
            models.CheckConstraint(
                condition=(Q(status="absent") & Q(minutes=0))
                | (Q(status="partial") & Q(minutes__gt=0))
                | Q(status="present"),
                name="attendance_minutes_match_status",
            ),
        ]

    @property
    def hours(self) -> float:
        return self.minutes / 60


class AttendanceChange(models.Model):
    """A correction of attendance: who changed what, when, from what to what."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    status_before = models.CharField(max_length=20)
    minutes_before = models.PositiveIntegerField()
    status_after = models.CharField(max_length=20)
    minutes_after = models.PositiveIntegerField()

    class Meta:
        ordering = ["changed_at", "id"]


class Evaluation(models.Model):
    """A participant's short evaluation of a session they attended."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="evaluations"
    )
    usefulness = models.PositiveSmallIntegerField(_("how useful was it? (1–5)"))
    will_use = models.TextField(_("what will you use?"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="one_evaluation_per_person_and_session"
            ),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5),
                name="evaluation_usefulness_1_to_5",
            ),
        ]


class ReflectionPrompt(models.Model):
    """A question for the private journal, shown during a self-reflection phase."""

    phase = models.ForeignKey(
        "programmes.Phase",
        on_delete=models.CASCADE,
        related_name="reflection_prompts",
        verbose_name=_("phase"),
    )
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["phase", "order", "id"]
        verbose_name = _("reflection prompt")
        verbose_name_plural = _("reflection prompts")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return in_active_language(self.text_sv, self.text_en)


class JournalEntry(models.Model):
    """A private journal entry: only its author ever reads the text."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="journal_entries"
    )
    prompt = models.ForeignKey(
        ReflectionPrompt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
    )
    # A reflection on a trained competence after attending a session.
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    competence = models.ForeignKey(
        "competences.Competence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("your reflection"))
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")


class RoleModel(models.Model):
    """The appointment of a person as Digit role model in a programme."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="role_models"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="role_model_appointments"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["appointed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(ended_at__isnull=True),
                name="one_active_appointment_per_person_and_programme",
            )
        ]


class GroupFormation(models.Model):
    """One run of group formation for a programme, with the quality of its result."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="group_formations"
    )
    min_size = models.PositiveSmallIntegerField()
    max_size = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=40)
    objective = models.FloatField()
    bound = models.FloatField()
    seconds = models.FloatField()
    formed_at = models.DateTimeField(auto_now_add=True)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-formed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_size__gte=2) & Q(max_size__gte=models.F("min_size")),
                name="formation_sizes_ordered",
            )
        ]


class GroupFormationRequest(models.Model):
    """Groups asked for in the background (a large programme): the page follows its task."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    min_size = models.PositiveSmallIntegerField()
    max_size = models.PositiveSmallIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)
    formation = models.OneToOneField(
        GroupFormation, on_delete=models.SET_NULL, null=True, related_name="request"
    )
    error = models.CharField(max_length=300, blank=True)  # why no groups could be formed

    class Meta:
        ordering = ["-requested_at", "-id"]


class LearningGroup(models.Model):
    """A collegial learning group; ``role_model`` supports it (a member or from outside)."""

    formation = models.ForeignKey(GroupFormation, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveIntegerField()
    role_model = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_supported",
    )

    class Meta:
        ordering = ["formation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["formation", "number"], name="group_number_unique_per_formation"
            )
        ]

    def __str__(self):
        return str(_("Group %(number)s") % {"number": self.number})


class GroupMembership(models.Model):
    formation = models.ForeignKey(GroupFormation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(LearningGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="group_memberships"
    )
    # Attributes used when the group was formed (the level is from the latest assessment).
    level_band = models.PositiveSmallIntegerField(default=0)  # 0 = unknown

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["formation", "person"], name="one_group_per_person_and_formation"
            )
        ]
