from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "digit.api"
    verbose_name = "API"
