from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Views of one person's data by someone else (the person sees these on "My data").
    PERSON_VIEWED = "person_viewed", _("Person record viewed")
    PROFILE_VIEWED = "profile_viewed", _("Competence profile viewed")
    JOURNAL_STATUS_VIEWED = "journal_status_viewed", _("Journal status viewed")
    ATTENDANCE_VIEWED = "attendance_viewed", _("Attendance viewed")
    CERTIFICATE_VIEWED = "certificate_viewed", _("Time certificate viewed")
    # Exports and changes.
    EXPORTED = "exported", _("Export with person-level data")
    ROLE_CHANGED = "role_changed", _("Role changed")
    IMPORTED = "imported", _("Import")
    INSTRUMENT_FROZEN = "instrument_frozen", _("Instrument frozen")
    BASELINE_FROZEN = "baseline_frozen", _("Baseline frozen")
    CLAIM_SUBMITTED = "claim_submitted", _("Payment claim submitted")
    # Sign-in.
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGNED_OUT = "signed_out", _("Signed out")
    # Personal data rights and retention.
    MY_DATA_DOWNLOADED = "my_data_downloaded", _("Own data downloaded")
    RETENTION_APPLIED = "retention_applied", _("Retention applied")
    PERSON_ERASED = "person_erased", _("Person erased on request")


# What a person is shown under "who has seen my data".
VIEW_KINDS = (
    Kind.PERSON_VIEWED,
    Kind.PROFILE_VIEWED,
    Kind.JOURNAL_STATUS_VIEWED,
    Kind.ATTENDANCE_VIEWED,
    Kind.CERTIFICATE_VIEWED,
)


class AppendOnly(Exception):
    """Raised when code tries to change or remove an audit entry."""


class EntryQuerySet(models.QuerySet["Entry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit entries are never changed")

    def delete(self) -> NoReturn:  # refuses instead of deleting
        raise AppendOnly("audit entries are never deleted")


class Entry(models.Model):
    """One audited event. ``subject_person_id`` is the person whose data it concerns, as a
    plain id: the audit trail imports no domain app and outlives any change to the person."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: an entry never changes when an account does.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    kind = models.CharField(_("what"), max_length=40, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    subject_person_id = models.BigIntegerField(_("person concerned"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects: ClassVar[models.Manager["Entry"]] = EntryQuerySet.as_manager()

    class Meta:
        db_table = "audit_entry"
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["subject_person_id", "at"], name="audit_subject_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["kind", "at"], name="audit_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit entries are never deleted")
