from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "digit.goals"
