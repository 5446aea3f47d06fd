from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "digit.background"
    label = "background"
