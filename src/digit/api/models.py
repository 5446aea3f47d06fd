import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal, read-only token for the API (BI tools such as Power BI or Excel).

    Only the SHA-256 digest of the token is stored (``digit.api.tokens``); the owner sees the
    token once, when it is made. A token acts as its owner with the owner's roles as they are
    at each call, and only for reading.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("token starts with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(scope="read"), name="api_token_scope_read_only"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, today: datetime.date | None = None) -> bool:
        """Valid through its expiry date (Stockholm time), refused from the day after."""
        return (today or timezone.localdate()) > self.expires_on

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired()
