from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "digit.access"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from digit.access.middleware import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="digit-session-start")
