from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "digit.access"
