from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PersonModelBackend(ModelBackend):
    """Django's model backend, loading the signed-in user's person record with the user.

    Every page asks for the user's roles, which come from the person record: one query per
    request instead of two.
    """

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("person").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
