from django.conf import settings
from django.db import models


class PreparedFile(models.Model):
    """A file a task builds for the one account that asked for it (a profile PDF, an export
    too large to build in a request). Its bytes are kept in the database, so that whichever
    application server the next request reaches can hand it out; the scheduler deletes it
    after ``DIGIT_PREPARED_FILE_HOURS``."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prepared_files"
    )
    # What the file is of, e.g. "profile-pdf:12:3"; a second click while one is being built
    # for the same subject returns that one.
    subject = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    # Where "Back" on the file's page leads (the page the request came from).
    back_url = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    done_steps = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "subject"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.finished_at is not None and not self.error

    @property
    def percent(self) -> int:
        if self.is_ready:
            return 100
        return int(100 * self.done_steps / self.total_steps) if self.total_steps else 0
