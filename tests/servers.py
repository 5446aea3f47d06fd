"""Real application servers for the tests whose claim is about several of them: gunicorn in
its own process on a free port of 127.0.0.1, production settings over plain HTTP, on the test
database and the test's Redis under a key prefix of its own, on the test's clock.

Each server gets its own ``DIGIT_VAR_DIR``: nothing may pass between them through local files.
The secret keys are handed over explicitly (they would be in the environment in production).
"""

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone

from tests.shared_cache import REDIS_URL
from tests.workers import database_url_for_another_process, free_port

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def collect_static(root: Path) -> None:
    """Hashed, compressed static files as production serves them (the pages name them)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "digit.settings", "DIGIT_STATIC_ROOT": str(root)}
    subprocess.run(
        [sys.executable, "-m", "digit", "collectstatic", "--noinput", "-v0"], env=env, check=True
    )


class AppServer:
    """``gunicorn digit.wsgi`` with two workers; ``url`` is where it answers."""

    def __init__(self, static_root: Path, cache_prefix: str, workdir: Path, **extra_env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        var_dir = workdir / f"server-{self.port}"
        var_dir.mkdir(parents=True)
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DIGIT_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="digit.settings",
            DATABASE_URL=database_url_for_another_process(),
            REDIS_URL=REDIS_URL,
            DIGIT_CACHE_KEY_PREFIX=cache_prefix,
            DIGIT_SECRET_KEY=settings.SECRET_KEY,
            DIGIT_PSEUDONYM_KEY=settings.PSEUDONYM_KEY,
            DIGIT_VAR_DIR=str(var_dir),
            DIGIT_STATIC_ROOT=str(static_root),
            DIGIT_HTTPS="0",
            DIGIT_MFA_REQUIRED_ROLES="",
            DIGIT_LOG_FORMAT="json",
            DIGIT_CONN_MAX_AGE="0",
            DIGIT_TEST_NOW=timezone.now().isoformat(),
            PYTHONPATH=str(Path(__file__).resolve().parent.parent),
            **extra_env,
        )
        command = [
            sys.executable, "-m", "tests.clocked_server", "digit.wsgi",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "60",
        ]  # fmt: skip
        self.log_path = var_dir / "server.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.log()}"
            try:
                if requests.get(f"{self.url}/livez", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the server did not answer in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def new_cache_prefix() -> str:
    return f"digit-servers-{uuid.uuid4().hex}"


def forget_cache_prefix(prefix: str) -> None:
    """Remove the servers' keys from the shared test Redis (and nobody else's)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(browser: requests.Session, url: str, data: dict, **kwargs) -> requests.Response:
    """GET the page, then POST its form with its CSRF token, as a browser does."""
    page = browser.get(url)
    return browser.post(
        url,
        data={"csrfmiddlewaretoken": csrf_token(page.text), **data},
        headers={"Referer": url},
        allow_redirects=False,
        **kwargs,
    )
