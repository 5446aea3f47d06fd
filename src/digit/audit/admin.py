from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from digit.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    """Read-only: the trail is added to by the application, never edited by hand."""

    list_display = ["at", "kind", "actor", "object_type", "object_id", "subject_person_id", "ip"]
    list_filter = ["kind"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
