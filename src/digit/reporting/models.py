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
    people = models.ManyToManyField("people.Person", related_name="+", verbose_name=_("people"))
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("disclosure of identity numbers")
        verbose_name_plural = _("disclosures of identity numbers")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.what}"
