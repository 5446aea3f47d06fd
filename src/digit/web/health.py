"""Health endpoints for a load balancer or an orchestrator, open to anyone, showing nothing
but "ok" or "unavailable" per dependency.

``/livez``: the process answers (restart it when this fails). ``/healthz``: readiness, the
database and the shared cache answer (send no traffic to a server while this fails).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not ready": the reason goes to the log
        log.warning("health check: the database does not answer", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return False


def _cache_answers() -> bool:
    key, value = "digit:healthz", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        return cache.get(key) == value
    except Exception:
        log.warning("health check: the cache does not answer", exc_info=True)
        return False


@never_cache
@require_GET
def livez(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable"}
    body.update({name: "ok" if up else "unavailable" for name, up in checks.items()})
    return JsonResponse(body, status=200 if ready else 503)
