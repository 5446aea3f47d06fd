from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from digit.access.models import User
from digit.access.roles import GRANTED_ROLES


class PersonModelBackend(ModelBackend):
    """Django's model backend, loading with the signed-in user, in one query, what every page
    needs for the user's roles: the person record, and whether any role is granted through a
    group (most users are employees without one, and then the groups are not read at all).
    """

    def get_user(self, user_id: Any) -> User | None:
        user_model = get_user_model()
        granted = Group.objects.filter(
            user=OuterRef("pk"), name__in=[role.value for role in GRANTED_ROLES]
        )
        try:
            user = (
                user_model._default_manager.select_related("person")
                .annotate(has_granted_groups=Exists(granted))
                .get(pk=user_id)
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
