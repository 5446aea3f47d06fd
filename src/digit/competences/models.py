"""Competence frameworks as versioned data (DigComp 2.2 ships; DigComp 3.0 has other levels).

Nothing in the code may assume a number of areas, competences or levels: read them from here.
Texts are stored in Swedish and English; ``title`` and ``description`` pick the active language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from digit.bilingual import in_active_language


class Bilingual(models.Model):
    """Swedish and English text of reference data, shown in the active language."""

    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return in_active_language(self.title_sv, self.title_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_sv, self.description_en)


class Framework(Bilingual):
    slug = models.SlugField(unique=True)  # e.g. "digcomp-2.2"
    version = models.CharField(max_length=20)
    attribution = models.TextField(blank=True, help_text=_("Licence and credit shown in the UI"))

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")


class ProficiencyLevel(Bilingual):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField()
    band_sv = models.CharField(max_length=100)  # e.g. "Grundläggande"
    band_en = models.CharField(max_length=100)  # e.g. "Foundation"

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="level_number_unique_per_framework"
            )
        ]

    @property
    def band(self) -> str:
        return in_active_language(self.band_sv, self.band_en)


class Area(Bilingual):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=10)  # "1" … "5"
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="area_code_unique_per_framework"
            )
        ]


class Competence(Bilingual):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competences")
    code = models.CharField(max_length=10)  # "1.1" … "5.4", or an organisation's own code
    order = models.PositiveSmallIntegerField(default=0)
    # Added by the organisation, not part of the published framework.
    is_custom = models.BooleanField(default=False)

    class Meta:
        ordering = ["area__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="competence_code_unique_per_area")
        ]
