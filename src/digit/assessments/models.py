"""Instruments, waves, invitations and pseudonymous responses with their stored scores.

Identity and analysis are kept apart: an ``Invitation`` knows the person (it has to send the
e-mail); a ``Response`` knows only a pseudonym (keyed hash of the person id, key outside the
database) and a snapshot of the attributes that breakdowns need (unit, gender, age band,
manager). Scores are computed once, when a response is submitted, and stored here; nothing that
reads them recomputes from answers.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digit.bilingual import in_active_language


class Instrument(models.Model):
    """A versioned questionnaire. Frozen once a wave that uses it has opened."""

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    framework = models.ForeignKey(
        "competences.Framework", on_delete=models.PROTECT, related_name="instruments"
    )
    previous_version = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_versions"
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="instrument_name_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Item(models.Model):
    """One statement. Knowledge/skill/attitude items score 0–3 and belong to a competence;
    practice items (the digital-working-practices block) score 0–4 and belong to a domain."""

    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge")
        SKILL = "skill", _("Skill")
        ATTITUDE = "attitude", _("Attitude")
        PRACTICE = "practice", _("Work practice")

    class Domain(models.TextChoices):
        SEARCH_EVALUATE = "search_evaluate", _("Searching for and evaluating information")
        REPORT_EXCHANGE = "report_exchange", _("Reporting and exchanging information")
        COMMUNICATE_NETWORK = "communicate_network", _("Communicating and taking part in networks")
        PRODUCE = "produce", _("Producing material")
        HABITS = "habits", _("Thinking about digital habits")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    competence = models.ForeignKey(
        "competences.Competence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices, blank=True)
    # Stable across versions: items with the same key are compared between waves (anchors).
    key = models.CharField(_("key"), max_length=40)
    text_sv = models.TextField(_("text (Swedish)"))
    text_en = models.TextField(_("text (English)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["instrument", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="item_key_unique"),
            models.CheckConstraint(
                condition=(Q(kind="practice", competence__isnull=True) & ~Q(domain=""))
                | (~Q(kind="practice") & Q(competence__isnull=False, domain="")),
                name="item_practice_has_domain_others_competence",
            ),
        ]

    def __str__(self):
        return self.key

    @property
    def text(self) -> str:
        return in_active_language(self.text_sv, self.text_en)


class MeasurementSettings(models.Model):
    """How a programme turns scores into verdicts. Fixed (frozen) before the follow-up wave."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="measurement"
    )
    rci_critical_value = models.DecimalField(max_digits=4, decimal_places=3, default=1.960)
    active_min_frequency = models.PositiveSmallIntegerField(default=3)  # 3 = weekly or more
    active_min_practices = models.PositiveSmallIntegerField(default=4)
    active_min_domains = models.PositiveSmallIntegerField(default=3)
    # Frozen from the baseline wave so that verdicts are reproducible.
    baseline_reliability = models.FloatField(null=True, blank=True)
    baseline_sd = models.FloatField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    # The wave whose SD and reliability were frozen; follow-ups are compared with it.
    baseline_wave = models.ForeignKey(
        "Wave", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class Wave(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FOLLOW_UP = "follow_up", _("Follow-up")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="waves"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    scope = models.ManyToManyField(
        "people.Unit", related_name="waves", verbose_name=_("units in scope (and their sub-units)")
    )
    opened_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    # Mail rounds: 0 is the invitation, each reminder adds one (the mail's idempotency key).
    reminder_round = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    mail_task_id = models.CharField(max_length=64, blank=True)  # the latest sending task
    mail_error = models.CharField(max_length=300, blank=True)  # why sending last stopped

    class Meta:
        ordering = ["programme", "opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="wave_closes_after_opening"
            ),
        ]

    def __str__(self):
        return self.name

    def is_open(self, on=None) -> bool:
        """Invitations sent and today within the open and close dates."""
        today = on or timezone.localdate()
        return self.opened_at is not None and self.opens_on <= today <= self.closes_on

    @property
    def is_closed(self) -> bool:
        return timezone.localdate() > self.closes_on


class Invitation(models.Model):
    """A person's invitation to a wave (identity side). The link token is stored hashed."""

    class Mail(models.TextChoices):
        UNSENT = "unsent", _("not e-mailed")  # e.g. the demo's simulated waves
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)  # first exchanged for a session
    completed = models.BooleanField(default=False)
    # The latest mail for this invitation: round 0 the invitation, n the wave's n-th reminder.
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.QUEUED)
    mail_round = models.PositiveSmallIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["wave", "mail"], name="invitation_wave_mail")]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "person"], name="one_invitation_per_person_and_wave"
            )
        ]


class Response(models.Model):
    """One person's answers to one wave, known only by pseudonym (analysis side)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    pseudonym = models.CharField(max_length=64)
    # Attribute snapshot at submission, for breakdowns without names.
    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(max_length=20)
    age_band = models.CharField(max_length=10)
    is_manager = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Stored scores (0–100), written once at submission.
    total_score = models.FloatField(null=True, blank=True)
    area_scores = models.JSONField(default=dict, blank=True)  # {area code: 0–100}
    competence_scores = models.JSONField(default=dict, blank=True)  # {competence code: 0–100}
    practices_index = models.FloatField(null=True, blank=True)  # 0–100
    is_active_user = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "pseudonym"], name="one_response_per_pseudonym_and_wave"
            ),
        ]
        indexes = [models.Index(fields=["wave", "submitted_at"])]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.CheckConstraint(condition=Q(value__lte=4), name="answer_value_in_range"),
        ]


class Change(models.Model):
    """Reliable-change verdict of one pseudonym between the baseline and a follow-up wave."""

    class Verdict(models.TextChoices):
        INCREASED = "increased", _("Reliably increased")
        NO_RELIABLE_CHANGE = "no_change", _("No reliable change")
        DECREASED = "decreased", _("Reliably decreased")

    follow_up = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="changes")
    baseline = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=64)
    baseline_total = models.FloatField()
    follow_up_total = models.FloatField()
    rci = models.FloatField()
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    # Baseline within one threshold of the ceiling: cannot show a reliable gain.
    near_ceiling = models.BooleanField(default=False)
    # Attribute snapshot (from the follow-up response), for breakdowns.
    unit = models.ForeignKey("people.Unit", on_delete=models.PROTECT, related_name="+")
    gender = models.CharField(max_length=20)
    age_band = models.CharField(max_length=10)
    is_manager = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "pseudonym"], name="one_change_per_pseudonym_and_follow_up"
            )
        ]


class WaveStatistics(models.Model):
    """Reliability of a wave's scores, computed when the wave closes (or on demand)."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="statistics")
    respondents = models.PositiveIntegerField()
    alpha_total = models.FloatField(null=True)
    alpha_by_area = models.JSONField(default=dict)
    alpha_practices = models.FloatField(null=True)
    sd_total = models.FloatField(null=True)
    sem_total = models.FloatField(null=True)
    computed_at = models.DateTimeField(auto_now=True)
