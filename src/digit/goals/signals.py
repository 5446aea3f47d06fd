"""Cached goal figures expire when the data they are built from change."""

from django.db.models.signals import post_delete, post_save

from digit.goals.indicators import bump_data_version


def data_changed(sender, **kwargs):
    bump_data_version()


def response_changed(sender, instance=None, **kwargs):
    # Saving an answer while the form is filled in changes no figure; submitting does.
    if instance is None or instance.submitted_at is not None:
        bump_data_version()


def connect():
    from digit.assessments.models import Change, Invitation, Response, Wave
    from digit.learning.models import Attendance
    from digit.people.models import Person, Unit
    from digit.programmes.models import Programme

    for model in (Change, Invitation, Wave, Person, Unit, Attendance, Programme):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"goals-{model.__name__}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"goals-del-{model.__name__}")
    post_save.connect(response_changed, sender=Response, dispatch_uid="goals-Response")
    post_delete.connect(data_changed, sender=Response, dispatch_uid="goals-del-Response")
