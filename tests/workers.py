"""Real background workers (``digit worker`` in a subprocess, production settings, on the test's
clock) and a real SMTP server that can refuse or stall, for the tests whose claim is about
durability.

The worker runs on the test database (a file for SQLite, see tests/settings.py) and mails to
the test's SMTP server; its lease is 2 s, so a killed worker's task is taken back quickly.
"""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

LEASE_SECONDS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """aiosmtpd on 127.0.0.1: records what it accepts; can answer 451 a number of times, and can
    hold the n-th message unanswered until ``release()`` (then drops it, never accepted)."""

    def __init__(self):
        self.accepted = []  # email.message.EmailMessage
        self.refuse_next = 0  # this many messages get 451 before any is accepted
        self.refused = 0
        self.unknown: set[str] = set()  # addresses refused for good (550)
        self.hold_at: int | None = None  # hold the message that would be accepted as n-th
        self.holding = False
        self._released = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refused < self.refuse_next:
            self.refused += 1
            return "451 4.3.0 Try again later"
        if self.hold_at is not None and len(self.accepted) + 1 == self.hold_at:
            self.holding = True
            while not self._released:  # cancelled when the client's connection is gone
                await asyncio.sleep(0.02)
            return "451 4.3.0 Dropped"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.accepted.append(message)
        return "250 Message accepted for delivery"

    def release(self):
        self.hold_at = None
        self._released = True

    def recipients(self) -> Counter:
        return Counter(message["To"] for message in self.accepted)

    def start(self):
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


def database_url_for_another_process() -> str:
    """The URL of the database this test runs on, for another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """``digit worker`` as its own process; ``kill()`` is SIGKILL, ``stop()`` is SIGTERM."""

    def __init__(self, mail_port: int, settings_module: str = "digit.settings"):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url_for_another_process(),
            "DIGIT_VAR_DIR": str(settings.VAR_DIR),  # the same secret key signs the links
            "DIGIT_HTTPS": "0",
            "DIGIT_EMAIL_HOST": "127.0.0.1",
            "DIGIT_EMAIL_PORT": str(mail_port),
            "DIGIT_TASK_LEASE_SECONDS": str(LEASE_SECONDS),
            "DIGIT_TASK_BACKOFF_SECONDS": "1",
            "DIGIT_CONN_MAX_AGE": "0",
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
            "DIGIT_TEST_NOW": timezone.now().isoformat(),  # tests/clocked_worker.py
        }
        env.pop("REDIS_URL", None)
        command = [sys.executable, "-m", "tests.clocked_worker", "worker", "--interval", "0.2"]
        self.log_path = Path(settings.VAR_DIR) / f"worker-{time.monotonic_ns()}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, timeout=60.0, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
