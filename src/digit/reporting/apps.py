from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "digit.reporting"
