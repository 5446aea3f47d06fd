"""Production settings for a worker process in a test, with the wave-reminder schedule firing
every second instead of daily (tests/assessments/test_wave_mail_worker.py)."""

from digit.settings import *  # noqa: F403

TASKS["default"]["OPTIONS"]["SCHEDULES"]["wave-reminders"] = {  # noqa: F405
    "task": "digit.assessments.tasks.remind_due_waves",
    "every": 1,
}
