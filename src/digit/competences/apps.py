from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "digit.competences"
    verbose_name = _("Competences")

    def ready(self):
        from digit.competences import reference

        reference.connect()
