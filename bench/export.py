"""Export every person's scores and verdicts at city size: CSV and XLSX, streamed.

    .venv/bin/python bench/export.py            # uses (and if needed builds) the data of
                                               # bench/dashboard.py in digit_bench_goals

Times the real view (Django test Client, staff account) from the request to the last byte of
the streamed body, for 45,000 people × 3 waves. Target (issue #4): under 10 s each.
"""

import argparse
import io
import os
import time

from dashboard import DEFAULT_URL, SLUG, build, configure, staff_client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    configure(args.database_url)
    build()

    from django.urls import reverse
    from openpyxl import load_workbook

    client = staff_client()
    for fmt in ("csv", "xlsx"):
        url = reverse("goals:export_people", kwargs={"slug": SLUG, "fmt": fmt})
        times, cpu, size, body = [], [], 0, b""
        for _ in range(args.repetitions):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            assert response.status_code == 200
            body = b"".join(response.streaming_content)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            size = len(body)
        if fmt == "csv":
            rows = body.count(b"\n") - 1
        else:
            sheet = load_workbook(io.BytesIO(body), read_only=True).active
            rows = sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
        best, worst = min(times), max(times)
        verdict = "OK" if worst < 10 else "MISSES 10 s"
        print(
            f"person export {fmt.upper()}: {rows:,} people, {size / 1e6:.1f} MB, "
            f"best {best:.2f} s, worst {worst:.2f} s over {len(times)} runs {verdict} "
            f"(CPU of this process {min(cpu):.2f}–{max(cpu):.2f} s; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
            flush=True,
        )


if __name__ == "__main__":
    main()
