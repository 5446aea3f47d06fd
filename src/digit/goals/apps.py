from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "digit.goals"

    def ready(self):
        from digit.goals import signals

        signals.connect()
