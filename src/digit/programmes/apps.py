from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "digit.programmes"
