"""Run every benchmark in turn with its defaults (`make bench`); each prints its own figures.

  .venv/bin/python bench/run_all.py              # all of them
  .venv/bin/python bench/run_all.py intake scoring

The intake benchmark's comparison with the peer (`intake.py --peer`) is not part of this run:
it installs the peer and takes about half an hour.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("scoring", "import_people", "groups", "dashboard", "export", "intake", "api")


def main(names: list[str]) -> int:
    unknown = sorted(set(names) - set(BENCHES))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}")
        return 2
    failed = []
    for name in names or BENCHES:
        print(f"\n=== bench/{name}.py ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / f"{name}.py")], check=False)
        print(f"=== {name}: exit {result.returncode}, {time.perf_counter() - started:.0f} s ===")
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
