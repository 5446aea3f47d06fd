"""Revoking a token: its owner only; anyone else's token is not found."""

import datetime

from django.utils import timezone

from digit.access.roles import Role
from digit.api.models import ApiToken
from digit.api.tokens import new_token
from tests.access.object_scope import Case, World, register
from tests.factories import make_account

TOKEN_HOLDERS = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


def _token_of(user) -> ApiToken:
    token = new_token()
    return ApiToken.objects.create(
        user=user,
        name="Power BI",
        prefix=token.prefix,
        digest=token.digest,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )


@register("api_tokens:revoke")
def revoke(world: World, role: Role) -> Case:
    theirs = _token_of(make_account(Role.FINANCE))
    if role in TOKEN_HOLDERS:
        mine = _token_of(world.actors[role])
        return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk}, method="post")
    return Case(hidden={"pk": theirs.pk}, method="post")  # employees, managers: no tokens
