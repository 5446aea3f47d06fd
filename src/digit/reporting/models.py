from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Disclosure(models.Model):
    """One time personal identity numbers left their encryption: shown on screen in the
    participant register, or written into a file for the statistics agency. Who, when, what,
    and which people. Written by ``reporting.services`` only; never changed or deleted."""

    class Kind(models.TextChoices):
        REVEAL = "reveal", _("Shown on screen")
        EXPORT = "export", _("Exported in a file")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    what = models.CharField(_("what"), max_length=200)
    people = models.ManyToManyField(
        "people.Person", related_name="identity_number_disclosures", verbose_name=_("people")
    )
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("disclosure of identity numbers")
        verbose_name_plural = _("disclosures of identity numbers")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.what}"


class MonthlyFile(models.Model):
    """What Digit knows of one month's participant file: whether and when it was marked as
    sent, the fingerprint of what it held then, and whether its reminder went out."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))  # its first day
    sent_fingerprint = models.CharField(max_length=64, blank=True)
    sent_rows = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(_("marked as sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "month"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "month"], name="one_file_per_month"),
        ]

    def __str__(self):
        return f"{self.programme_id} {self.month:%Y-%m}"


class ReportText(models.Model):
    """One version of a free-text section of the progress and final reports. A new save is a
    new row, so the history stays; the newest row is the section's text."""

    class Section(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        GENDER_EQUALITY = "gender_equality", _("Gender equality")
        ACCESSIBILITY = "accessibility", _("Accessibility and non-discrimination")
        LESSONS = "lessons", _("Lessons learnt")
        UNFORESEEN = "unforeseen", _("Unforeseen results")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["programme", "section", "-written_at", "-id"]
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")

    def __str__(self):
        return f"{self.get_section_display()} {self.written_at:%Y-%m-%d %H:%M}"
