"""``python -m tests.clocked_worker worker …``: the ``digit`` command on the test's clock.

A test process runs on a controlled clock (tests/clock.py), up to ten years ahead; a worker it
starts must see the same time, or it finds every task and every sent invitation in its future.
``DIGIT_TEST_NOW`` is the test's ``timezone.now()`` when it started the worker.
"""

import datetime
import os

import time_machine

from digit.cli import main

if __name__ == "__main__":
    with time_machine.travel(
        datetime.datetime.fromisoformat(os.environ["DIGIT_TEST_NOW"]), tick=True
    ):
        main()
