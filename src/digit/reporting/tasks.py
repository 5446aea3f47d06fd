"""Background work of funder reporting: the reminder of monthly files not marked as sent.

Scheduled daily (settings.TASKS, "monthly-file-reminders"). Idempotent: a month's reminder is
recorded in the same transaction that holds its row while the mail server answers, so a
second run (or a second worker) finds it done; the Message-ID is the same on every attempt.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digit.access.models import User
from digit.access.roles import Role
from digit.mail import keyed
from digit.programmes.models import Programme
from digit.reporting.models import MonthlyFile
from digit.reporting.monthly_files import overview


def finance_addresses() -> list[str]:
    users = User.objects.filter(is_active=True, groups__name=Role.FINANCE.value)
    return sorted(set(users.values_list("email", flat=True)))


@task
def remind_overdue_monthly_files() -> int:
    """E-mail the finance officers about every month whose file is due (four weeks after the
    month's end) and not marked as sent; once per month. Returns how many months."""
    today = timezone.localdate()
    recipients = finance_addresses()
    if not recipients:
        return 0
    reminded = 0
    for programme in Programme.objects.filter(starts_on__lte=today):
        due = [
            state
            for state in overview(programme, today=today).months
            if not state.is_sent and today >= state.due
        ]
        if due:
            reminded += _remind(programme, due, recipients)
    return reminded


def _remind(programme, due, recipients) -> int:
    with transaction.atomic():
        for state in due:
            MonthlyFile.objects.get_or_create(programme=programme, month=state.month)
        records = MonthlyFile.objects.select_for_update().filter(
            programme=programme,
            month__in=[state.month for state in due],
            reminder_sent_at__isnull=True,
            sent_at__isnull=True,
        )
        months = {record.month for record in records}
        if not months:
            return 0
        pending = [state for state in due if state.month in months]
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "reporting/email/monthly_file_reminder.txt",
                {
                    "programme": programme,
                    "months": pending,
                    "url": settings.DIGIT_BASE_URL.rstrip("/")
                    + reverse("reporting:monthly_files", args=[programme.pk]),
                },
            )
            subject = _("Reminder: monthly participant files to send (%(name)s)") % {
                "name": programme.name
            }
        message = EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
        )
        key = "-".join(f"{month:%Y%m}" for month in sorted(months))
        keyed(message, f"digit-monthly-files-{programme.pk}-{key}").send()
        records.update(reminder_sent_at=timezone.now())
    return len(months)
