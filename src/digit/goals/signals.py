"""Cached goal figures expire when the data they are built from change.

The version is bumped after the transaction commits, so that a dashboard computed in between
never stores old data under the new version. Bulk writes send no signal: an import or a batch
of change rows is followed by a saved row of one of these models (ImportBatch, Wave,
MeasurementSettings, a submitted Response), and figures are never older than CACHE_SECONDS.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from digit.goals.freshness import bump_data_version


def data_changed(sender, **kwargs):
    transaction.on_commit(bump_data_version)


def response_changed(sender, instance=None, **kwargs):
    # Saving an answer while the form is filled in changes no figure; submitting does.
    if instance is None or instance.submitted_at is not None:
        transaction.on_commit(bump_data_version)


def connect():
    from digit.assessments.models import Change, Invitation, MeasurementSettings, Response, Wave
    from digit.learning.models import Attendance
    from digit.people.models import ImportBatch, Person, Unit
    from digit.programmes.models import Programme

    models = (
        Change,
        Invitation,
        MeasurementSettings,
        Wave,
        Person,
        Unit,
        ImportBatch,
        Attendance,
        Programme,
    )
    for model in models:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"goals-{model.__name__}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"goals-del-{model.__name__}")
    post_save.connect(response_changed, sender=Response, dispatch_uid="goals-Response")
    post_delete.connect(data_changed, sender=Response, dispatch_uid="goals-del-Response")
