from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "digit.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from digit.audit import signals

        signals.connect()
