from django.apps import AppConfig


class CompetencesConfig(AppConfig):
    name = "digit.competences"
