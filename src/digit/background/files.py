"""Files built by a task for the account that asked: asked for in a request, built by a
worker (with progress), fetched from the file's page when ready.

The app that owns the data writes the task; this module keeps the file's state. A task is run
again when its worker dies, so ``unfinished`` gives it ``None`` once the file is finished.
"""

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import Task, TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone

from digit.background import BUSY, task_state
from digit.background.models import PreparedFile

PROGRESS_EVERY = 500  # rows between two progress writes: a row per write would be the bottleneck


def files_of(user) -> Any:
    """The files of this account: nobody else ever reaches them."""
    return PreparedFile.objects.filter(owner=user)


@transaction.atomic
def request_file(
    *, owner, subject: str, title: str, back_url: str, task: Task, args: Iterable[object] = ()
) -> PreparedFile:
    """Queue ``task(file_pk, *args)`` to build a file, or return the one already being built
    for the same account and subject (a second click queues nothing)."""
    busy = (
        files_of(owner)
        .select_for_update()
        .filter(subject=subject, finished_at__isnull=True, error="")
        .first()
    )
    if busy is not None and state(busy) in BUSY:
        return busy
    prepared = PreparedFile.objects.create(
        owner=owner, subject=subject, title=title[:200], back_url=back_url[:300]
    )
    # In this transaction: a rollback takes the task back with the row.
    prepared.task_id = task.enqueue(prepared.pk, *args).id
    prepared.save(update_fields=["task_id"])
    return prepared


def state(prepared: PreparedFile) -> str:
    """queued, running, retrying, done or failed (as ``task_state``)."""
    if prepared.error:
        return "failed"
    if prepared.finished_at is not None:
        return "done"
    return task_state(prepared.task_id) or "queued"


def failure_reason(prepared: PreparedFile) -> str:
    """What went wrong: the task's own words, else the last error of its last attempt."""
    if prepared.error:
        return prepared.error
    try:
        result = default_task_backend.get_result(prepared.task_id)
    except TaskResultDoesNotExist:
        return ""
    if result.status != TaskResultStatus.FAILED or not result.errors:
        return ""
    return result.errors[-1].exception_class_path.rpartition(".")[2]


def unfinished(file_pk: int) -> PreparedFile | None:
    """The file a task is to build, or None when it is finished (the task is run again after
    its worker died) or was deleted."""
    return PreparedFile.objects.filter(pk=file_pk, finished_at__isnull=True).first()


def report_progress(prepared: PreparedFile, done: int, total: int) -> None:
    """Written at once (the task is not in a transaction), so the page sees it."""
    PreparedFile.objects.filter(pk=prepared.pk).update(done_steps=done, total_steps=total)


def counted(prepared: PreparedFile, rows: Iterable[Any], total: int) -> Iterator[Any]:
    """``rows`` as they are, reporting how many have passed every ``PROGRESS_EVERY``."""
    report_progress(prepared, 0, total)
    for number, row in enumerate(rows, 1):
        if number % PROGRESS_EVERY == 0:
            report_progress(prepared, min(number, total), total)
        yield row


def store(prepared: PreparedFile, *, filename: str, content_type: str, content: bytes) -> None:
    PreparedFile.objects.filter(pk=prepared.pk).update(
        filename=filename,
        content_type=content_type,
        content=content,
        done_steps=F("total_steps"),
        finished_at=timezone.now(),
    )


def refuse(prepared: PreparedFile, reason: str) -> None:
    """A file that cannot be built (nothing to put in it): failed for good, with the reason."""
    PreparedFile.objects.filter(pk=prepared.pk).update(
        error=reason[:300], finished_at=timezone.now()
    )


def delete_old_files() -> int:
    """Delete files older than ``DIGIT_PREPARED_FILE_HOURS`` (scheduled); the count deleted."""
    cutoff = timezone.now() - timedelta(hours=settings.DIGIT_PREPARED_FILE_HOURS)
    return PreparedFile.objects.filter(created_at__lt=cutoff).delete()[0]
