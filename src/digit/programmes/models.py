from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The funder may audit participants for years after the programme (ESF: five years from the end
# of the year of the last payment): identities are kept at least this long after the end.
IDENTITY_MINIMUM_YEARS = 5


class Programme(models.Model):
    """A competence programme, e.g. "Digit or die"; several can live in one installation."""

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner = models.CharField(_("owner"), max_length=200)
    scope = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("organisation (root unit)"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    # Targets
    target_increased_share = models.DecimalField(
        _("target: share with reliably increased competence"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
    )
    target_active_share = models.DecimalField(
        _("target: share actively using digital ways of working"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.400"),
    )
    target_role_models = models.PositiveSmallIntegerField(_("target: role models"), default=24)
    target_unit_coverage = models.DecimalField(
        _("target: share of units with participants"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("1.000"),
    )
    # Retention (docs/privacy.md): years after the end that each kind of data is kept, as the
    # administration's gallringsbeslut says; `digit retention` applies them.
    keep_answers_years = models.PositiveSmallIntegerField(
        _("keep individual answers (years after the end)"),
        default=2,
        help_text=_("Then each item's answer is deleted; the stored scores and figures remain."),
    )
    keep_journal_years = models.PositiveSmallIntegerField(
        _("keep journal entries (years after the end)"), default=1
    )
    keep_evaluation_text_years = models.PositiveSmallIntegerField(
        _("keep written evaluation answers (years after the end)"), default=1
    )
    keep_identity_years = models.PositiveSmallIntegerField(
        _("keep the identity of people who have left (years after the end)"),
        default=IDENTITY_MINIMUM_YEARS,
        validators=[MinValueValidator(IDENTITY_MINIMUM_YEARS)],
        help_text=_(
            "Then names, e-mail, employee number and salary cost of people who have left are "
            "replaced by a pseudonym. At least five years: the funder may audit participants."
        ),
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(keep_identity_years__gte=IDENTITY_MINIMUM_YEARS),
                name="programme_keeps_identities_the_funders_minimum",
            ),
        ]

    def __str__(self):
        return self.name


class Phase(models.Model):
    class Kind(models.TextChoices):
        MAPPING = "mapping", _("Mapping (baseline)")
        TRAINING = "training", _("Training")
        SELF_REFLECTION = "self_reflection", _("Self-reflection")
        COLLEGIAL_LEARNING = "collegial_learning", _("Collegial learning")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSING = "closing", _("Closing")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        ordering = ["programme", "starts_on"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name
