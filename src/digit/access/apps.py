from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "digit.access"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in as allauth_user_logged_in
        from django.contrib.auth.signals import user_logged_in

        from digit.access import checks  # noqa: F401  (registers the system checks)
        from digit.access.middleware import mark_session_start
        from digit.access.sso import remember_second_factor

        user_logged_in.connect(mark_session_start, dispatch_uid="digit-session-start")
        allauth_user_logged_in.connect(remember_second_factor, dispatch_uid="digit-sso-mfa")
