from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from digit.access.roles import Role


class AccountManager(UserManager["User"]):
    """Accounts are identified by e-mail; there is no separate username to remember."""

    def _create_user_object(
        self, username: None, email: str, password: str | None, **extra_fields: Any
    ) -> "User":
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.password = ""
        user.set_password(password) if password else user.set_unusable_password()
        return user

    def create_user(  # type: ignore[override]  # e-mail first, no username
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        user = self._create_user_object(None, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]  # e-mail first, no username
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A login account. The person it belongs to (if any) is ``user.person``."""

    username = None  # type: ignore[assignment]  # signs in with the e-mail address
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[AccountManager] = AccountManager()

    # Not stored: the roles of the signed-in user, kept for one request by access.roles.
    _digit_roles: "frozenset[Role]"

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.email
