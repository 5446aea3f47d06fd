"""Object factories of the web pages for the IDOR walker (tests/access): a file built by the
worker is reached by the account that asked for it and by nobody else."""

from django.utils import timezone

from digit.background.models import PreparedFile
from tests.access.object_scope import Case, register


def _ready_file(owner) -> PreparedFile:
    return PreparedFile.objects.create(
        owner=owner,
        subject="object-scope",
        title="Fil",
        filename="fil.csv",
        content_type="text/csv",
        content=b"a,b\n",
        finished_at=timezone.now(),
    )


@register("web:prepared_file", "web:prepared_file_download")
def prepared_file(world, role):
    mine = _ready_file(world.actors[role])
    theirs = _ready_file(world.people["stranger"].user)
    return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk})
