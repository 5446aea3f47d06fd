from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Where the programme and its plan come from; shown on its page."),
    )
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

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"
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
