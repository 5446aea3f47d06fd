"""``python -m tests.clocked_server digit.wsgi --bind …``: gunicorn on the test's clock (see
tests/clocked_worker.py); its workers are forked after the clock has moved, so they share it."""

import datetime
import os
import sys

import time_machine
from gunicorn.app.wsgiapp import run

if __name__ == "__main__":
    sys.argv[0] = "gunicorn"
    with time_machine.travel(
        datetime.datetime.fromisoformat(os.environ["DIGIT_TEST_NOW"]), tick=True
    ):
        run()
