"""Entries that follow from Django's own signals: sign-in, failed sign-in, sign-out, and the
granted roles (programme staff, finance, auditor: Django groups) given or taken away."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.http import HttpRequest

from digit.access.roles import GRANTED_ROLES
from digit.audit.models import Kind
from digit.audit.services import record

ROLE_NAMES = {role.value for role in GRANTED_ROLES}


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="digit-audit-signed-in")
    user_logged_out.connect(_signed_out, dispatch_uid="digit-audit-signed-out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="digit-audit-sign-in-failed")
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="digit-audit-groups-changed",
    )


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Kind.SIGNED_IN, request=request, actor=user, object_type="account", object_id=user.pk)


def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(
            Kind.SIGNED_OUT, request=request, actor=user, object_type="account", object_id=user.pk
        )


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """The account that was tried, if there is one; never what was typed (a password typed
    into the e-mail field must not end up in the trail)."""
    typed = credentials.get("email") or credentials.get("username") or ""
    account = (
        get_user_model()._default_manager.filter(email__iexact=typed).first() if typed else None
    )
    record(
        Kind.SIGN_IN_FAILED,
        request=request,
        actor=account,
        object_type="account",
        object_id=account.pk if account else "",
    )


_CLEARED = "_digit_audit_cleared_roles"


def _groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action == "pre_clear":
        # Remember what is about to go: post_clear does not say.
        if reverse:
            users = set(instance.user_set.values_list("pk", flat=True))
            setattr(instance, _CLEARED, ({instance.pk}, users))
        else:
            setattr(
                instance,
                _CLEARED,
                (set(instance.groups.values_list("pk", flat=True)), {instance.pk}),
            )
        return
    if action == "post_clear":
        group_ids, user_ids = getattr(instance, _CLEARED, (set(), set()))
        _record_roles("-", group_ids, user_ids)
    elif action in ("post_add", "post_remove") and pk_set:
        sign = "+" if action == "post_add" else "-"
        if reverse:
            _record_roles(sign, {instance.pk}, set(pk_set))
        else:
            _record_roles(sign, set(pk_set), {instance.pk})


def _record_roles(sign: str, group_ids: set[int], user_ids: set[int]) -> None:
    roles = sorted(
        name
        for name in Group.objects.filter(pk__in=group_ids).values_list("name", flat=True)
        if name in ROLE_NAMES
    )
    if not roles or not user_ids:
        return
    people = dict(
        get_user_model()._default_manager.filter(pk__in=user_ids).values_list("pk", "person__id")
    )
    for user_id in sorted(user_ids):
        for role in roles:
            record(
                Kind.ROLE_CHANGED,
                object_type="account",
                object_id=user_id,
                subject_person_id=people.get(user_id),
                detail=f"{sign}{role}",
            )
