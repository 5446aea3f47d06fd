"""Background work as a page sees it: the state of a task (Django's tasks framework, queued in
the database by django-ox and run by ``digit worker``), and files that a task prepares for
the person who asked (``PreparedFile``: a PDF, a large export)."""

from django.tasks import TaskResultStatus, default_task_backend
from django.tasks.exceptions import TaskResultDoesNotExist


def task_state(task_id: str) -> str:
    """ "queued", "running", "retrying" (failed, another attempt is due), "done", "failed", or
    "" when there is no task. A task pruned long after it finished counts as done."""
    if not task_id:
        return ""
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return "done"
    if result.status == TaskResultStatus.READY:
        return "retrying" if result.errors else "queued"
    if result.status == TaskResultStatus.RUNNING:
        return "running"
    return "done" if result.status == TaskResultStatus.SUCCESSFUL else "failed"


BUSY = {"queued", "running", "retrying"}
