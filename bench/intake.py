"""Completed self-assessments per second over HTTP, with the peer benchmark's protocol.

Each client thread repeats what a browser does, with a fresh respondent every loop:
  1. GET the personal invitation link (exchanged for a session, 302 to the first page);
  2. for every page of the form: GET the page (CSRF token and radio buttons), POST its answers
     with the CSRF token, follow the 302 to the next page;
  3. on the last page POST "submit" and follow the 302 to the personal profile page.
One loop = one completed response (the peer's loop = GET form, POST, follow redirect). The
profile's chart image is not fetched, like the peer's static files.

Server: gunicorn with 2 sync workers on 127.0.0.1, Digit's production settings (DEBUG off)
except DIGIT_HTTPS=0, because the loopback benchmark speaks plain HTTP (no TLS, so no secure
cookies and no HTTPS redirect). SQLite in WAL mode (our settings) and PostgreSQL on
127.0.0.1:5432 (a database of its own, dropped and created). Respondents, their invitations and
link tokens are made before the run; the default instrument (63 items + 8 practices) is used.

  .venv/bin/python bench/intake.py                       # both databases, 10 and 50 clients
  .venv/bin/python bench/intake.py --db sqlite --clients 10 --duration 10
  .venv/bin/python bench/intake.py --peer                # also run the peer's intake part

Prints one JSON line per run and a Markdown table at the end. Runs are bounded in time.
"""

import argparse
import http.client
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"  # never anything else
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "digit_bench_intake")
PEER_DIR = Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "bench" / "peer-survey"))
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO_RE = re.compile(r'<input type="radio" id="[^"]+" name="(item-\d+)" value="(\d+)"')
ACTION_RE = re.compile(r'<button type="submit" name="action" value="(next|submit)"')


# --- Preparation (runs in a subprocess with Django set up) -----------------------------------


def prepare(people: int, out: Path) -> None:
    """People in one organisation, an open wave of the default instrument, one personal link
    per person (tokens written to ``out``)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    django.setup()
    import datetime

    from django.utils import timezone

    from digit.assessments.instruments import get_default_instrument
    from digit.assessments.models import Invitation
    from digit.assessments.tokens import new_token
    from digit.assessments.waves import create_wave, open_wave
    from digit.people.models import Person, Unit
    from digit.programmes.models import Programme

    root = Unit.objects.create(code="BENCH", name="Bench administration", kind="administration")
    units = [
        Unit.objects.create(code=f"BENCH-{i}", name=f"Bench unit {i}", parent=root)
        for i in range(20)
    ]
    Person.objects.bulk_create(
        (
            Person(
                employee_number=f"B{n:06d}",
                first_name=f"Bench{n}",
                last_name="Respondent",
                email=f"bench{n}@bench.example",
                unit=units[n % len(units)],
                gender=("woman", "man", "other", "not_stated")[n % 4],
                birth_year=1960 + n % 40,
            )
            for n in range(people)
        ),
        batch_size=2000,
    )
    today = timezone.localdate()
    wave = create_wave(
        programme=Programme.objects.get(slug="digit-or-die"),
        kind="baseline",
        name="Bench wave",
        instrument=get_default_instrument(),
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        units=[root],
    )
    open_wave(wave=wave, send=False)
    invitations = list(Invitation.objects.filter(wave=wave).order_by("id"))
    tokens = []
    for invitation in invitations:
        token, invitation.token_hash = new_token()
        tokens.append(token)
    Invitation.objects.bulk_update(invitations, ["token_hash"], batch_size=2000)
    out.write_text(json.dumps({"wave": wave.id, "tokens": tokens}))


def count_stored(wave_id: int) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    django.setup()
    from django.db.models import Count

    from digit.assessments.models import Answer, Change, Response

    submitted = Response.objects.filter(wave_id=wave_id, submitted_at__isnull=False)
    per_response = set(
        Answer.objects.filter(response__in=submitted)
        .values("response")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    return {
        "submitted": submitted.count(),
        "scored": submitted.filter(total_score__isnull=False).count(),
        "answers_per_response": sorted(per_response),
        "started_not_submitted": Response.objects.filter(
            wave_id=wave_id, submitted_at__isnull=True
        ).count(),
        "changes": Change.objects.count(),
    }


# --- Load generator ---------------------------------------------------------------------------


class Client:
    """One browser: its own cookies, one connection per request (as the peer's client)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(HOST, self.port, timeout=300)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for cookie in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', ""):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return resp, data


def complete_once(port, token, rng, timings):
    """One respondent from link to profile; appends (kind, seconds) to ``timings``."""
    client = Client(port)

    def timed(kind, method, path, body=None, headers=None):
        t0 = time.perf_counter()
        resp, data = client.request(method, path, body, headers)
        t1 = time.perf_counter()
        timings.append((kind, t1 - t0, t1))
        return resp, data

    resp, _ = timed("link", "GET", f"/assessments/invitation/{token}/")
    location = resp.headers.get("Location", "")
    if resp.status != 302 or "/page/" not in location:
        raise RuntimeError(f"link: HTTP {resp.status} -> {location!r}")
    path = urlsplit(location).path
    pages = 0
    while True:
        resp, html = timed("get_page", "GET", path)
        token_match = TOKEN_RE.search(html)
        action = ACTION_RE.search(html)
        if resp.status != 200 or not token_match or not action:
            raise RuntimeError(f"GET {path}: HTTP {resp.status}")
        fields = {}
        for name, value in RADIO_RE.findall(html):
            fields.setdefault(name, []).append(value)
        body = urlencode(
            [("csrfmiddlewaretoken", token_match.group(1)), ("action", action.group(1))]
            + [(name, rng.choice(values)) for name, values in fields.items()]
        )
        kind = "post_submit" if action.group(1) == "submit" else "post_page"
        resp, _ = timed(
            kind,
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{port}{path}",
            },
        )
        location = resp.headers.get("Location", "")
        if resp.status != 302:
            raise RuntimeError(f"POST {path}: HTTP {resp.status} (form not accepted)")
        pages += 1
        path = urlsplit(location).path
        if action.group(1) == "submit":
            break
    if "/profile/" not in path:
        raise RuntimeError(f"submit went to {path!r}, not to the profile")
    resp, _ = timed("profile", "GET", path)
    if resp.status != 200:
        raise RuntimeError(f"GET profile: HTTP {resp.status}")
    return pages


def pct(values, p):
    """Nearest-rank percentile, in ms (as the peer's load.py)."""
    if not values:
        return None
    values = sorted(values)
    return round(1000 * values[max(0, math.ceil(p / 100 * len(values)) - 1)], 1)


def run_load(port, tokens, clients, duration, warmup):
    import random

    start = time.perf_counter()
    window = (start + warmup, start + warmup + duration)
    lock = threading.Lock()
    loops, finished, requests, errors, pages_seen = [], [], [], [], set()
    remaining = tokens  # an iterator shared by the runs: every loop takes a fresh respondent
    exhausted = [False]

    def worker(seed):
        rng = random.Random(seed)
        while time.perf_counter() < window[1]:
            with lock:
                token = next(remaining, None)
            if token is None:
                exhausted[0] = True
                return
            timings = []
            t_start = time.perf_counter()
            try:
                pages = complete_once(port, token, rng, timings)
            except Exception as exc:  # counted and reported, the run goes on
                with lock:
                    errors.append(str(exc)[:200])
                continue
            t_end = time.perf_counter()
            with lock:
                pages_seen.add(pages)
                if window[0] <= t_end <= window[1]:
                    finished.append(t_end)  # a response completed inside the window
                if t_start >= window[0] and t_end <= window[1]:
                    loops.append(t_end - t_start)  # the peer's rule: whole loop inside
                for kind, seconds, at in timings:
                    if window[0] <= at <= window[1]:
                        requests.append((kind, seconds))

    cpu0 = time.process_time()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    by_kind = {}
    for kind, seconds in requests:
        by_kind.setdefault(kind, []).append(seconds)
    every = [seconds for _kind, seconds in requests]
    return {
        "clients": clients,
        "measured_s": duration,
        # Responses submitted inside the measured window (throughput), and, by the peer's
        # stricter rule, loops that started after the warm-up and ended inside the window
        # (a 6-page loop at 50 clients can be longer than the window).
        "completed": len(finished),
        "completed_per_s": round(len(finished) / duration, 2),
        "completed_loops_peer_rule": len(loops),
        "completed_per_s_peer_rule": round(len(loops) / duration, 2),
        "requests_per_s": round(len(every) / duration, 1),
        "requests_per_loop": round(len(every) / len(finished), 1) if finished else None,
        "request_ms": {"p50": pct(every, 50), "p95": pct(every, 95), "p99": pct(every, 99)},
        "request_ms_by_kind": {
            kind: {"p50": pct(v, 50), "p95": pct(v, 95), "p99": pct(v, 99), "n": len(v)}
            for kind, v in sorted(by_kind.items())
        },
        "loop_ms": {"p50": pct(loops, 50), "p95": pct(loops, 95), "p99": pct(loops, 99)},
        "pages_per_form": sorted(pages_seen),
        "errors": len(errors),
        "first_errors": sorted(set(errors))[:3],
        "respondents_exhausted": exhausted[0],
        "loadgen_cpu_s": round(time.process_time() - cpu0, 1),
    }


# --- Orchestration ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def bench_env(db: str, var_dir: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "digit.settings",
        "DIGIT_VAR_DIR": str(var_dir),
        "DIGIT_HTTPS": "0",  # plain HTTP on loopback; everything else as in production
        "DIGIT_DEBUG": "0",
        "DIGIT_ALLOWED_HOSTS": HOST,
        "DIGIT_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    return env


def recreate_postgres_database():
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def run_python(args, env, timeout=900):
    return subprocess.run(
        [str(VENV_BIN / "python"), __file__, *args],
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    ).stdout


def start_gunicorn(env, port, log_path):
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "digit.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline, status = time.time() + 90, None
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/accessibility/")
            status = conn.getresponse().status
            if status == 200:
                return process
        except OSError as error:
            status = error
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"gunicorn did not start ({status}), see {log_path}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def bench_database(db, clients_list, duration, warmup, people, work: Path) -> list[dict]:
    var_dir = work / f"var-{db}"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    env = bench_env(db, var_dir)
    if db == "postgres":
        recreate_postgres_database()
    subprocess.run([str(VENV_BIN / "digit"), "migrate", "-v0"], env=env, check=True, timeout=600)
    tokens_file = var_dir / "tokens.json"
    t0 = time.perf_counter()
    run_python(["prepare", "--people", str(people), "--out", str(tokens_file)], env)
    prepared = json.loads(tokens_file.read_text())
    print(f"== {db}: {people} respondents prepared in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)  # fmt: skip
    tokens = prepared["tokens"]
    port = free_port()
    server = start_gunicorn(env, port, work / f"gunicorn-{db}.log")
    results = []
    try:
        remaining = iter(tokens)
        for clients in clients_list:
            result = run_load(port, remaining, clients, duration, warmup)
            result["db"] = db
            print(json.dumps(result), flush=True)
            results.append(result)
    finally:
        stop(server)
    stored = json.loads(run_python(["count", "--wave", str(prepared["wave"])], env))
    print(json.dumps({"db": db, "stored": stored}), flush=True)
    for result in results:
        result["stored"] = stored
    return results


def run_peer(clients_list, duration, warmup, work: Path) -> list[dict]:
    """The peer's intake part only (its run.sh also runs a long CSV export): setup.sh, then per
    database migrate, make the survey, gunicorn 2 workers, load.py per client count."""
    peer_work = work / "peer"
    env = {**os.environ, "PEER_WORK": str(peer_work), "PYTHONDONTWRITEBYTECODE": "1"}
    env["PEER_PG_DB"] = "peer_survey_bench_" + PG_DATABASE
    subprocess.run(["bash", str(PEER_DIR / "setup.sh")], env=env, check=True, timeout=900)
    python = peer_work / "venv" / "bin" / "python"
    results = []
    for db in ("sqlite", "postgres"):
        db_env = {**env, "PEER_DB": db}
        if db == "postgres":
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{env["PEER_PG_DB"]}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{env["PEER_PG_DB"]}"')
            db_env.update(PGUSER="postgres")
        else:
            for path in peer_work.glob("db.sqlite3*"):
                path.unlink()
        project = peer_work / "project"
        subprocess.run([str(python), "manage.py", "migrate", "-v0"], cwd=project, env=db_env,
                       check=True, timeout=600)  # fmt: skip
        survey_id = subprocess.run(
            [str(python), str(PEER_DIR / "make_data.py"), "survey", f"Intake {db}"],
            cwd=project, env=db_env, check=True, capture_output=True, text=True, timeout=600,
        ).stdout.strip()  # fmt: skip
        port = free_port()
        log = open(work / f"peer-gunicorn-{db}.log", "ab")  # noqa: SIM115
        server = subprocess.Popen(
            [str(peer_work / "venv" / "bin" / "gunicorn"), "peersite.wsgi", "--workers", "2",
             "--bind", f"{HOST}:{port}", "--timeout", "3600", "--log-level", "warning"],
            cwd=project, env=db_env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    conn = http.client.HTTPConnection(HOST, port, timeout=2)
                    conn.request("GET", "/survey/")
                    conn.getresponse()
                    break
                except OSError:
                    time.sleep(0.2)
            for clients in clients_list:
                output = subprocess.run(
                    [str(python), str(PEER_DIR / "load.py"), "--port", str(port), "--survey-id",
                     survey_id, "--clients", str(clients), "--duration", str(duration),
                     "--warmup", str(warmup)],
                    env=db_env, check=True, capture_output=True, text=True,
                    timeout=duration + warmup + 300,
                ).stdout  # fmt: skip
                result = json.loads(output)
                result["db"] = db
                print(json.dumps({"peer": result}), flush=True)
                results.append(result)
        finally:
            stop(server)
    return results


def table(ours: list[dict], peer: list[dict]) -> str:
    peer_rate = {(r["db"], r["clients"]): r["submissions_per_s"] for r in peer}
    lines = [
        "| DB | clients | completed/s (peer's rule) | requests/s | req/loop "
        "| request p50 / p95 / p99 ms | loop p50 / p95 / p99 ms | errors "
        "| peer submissions/s | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in ours:
        q, lp = r["request_ms"], r["loop_ms"]
        theirs = peer_rate.get((r["db"], r["clients"]))
        ratio = f"{r['completed_per_s'] / theirs:.2f}×" if theirs else "–"
        theirs = "–" if theirs is None else theirs
        lines.append(
            f"| {r['db']} | {r['clients']} | {r['completed_per_s']} "
            f"({r['completed_per_s_peer_rule']}) | {r['requests_per_s']} "
            f"| {r['requests_per_loop']} | {q['p50']} / {q['p95']} / {q['p99']} "
            f"| {lp['p50']} / {lp['p95']} / {lp['p99']} | {r['errors']} | {theirs} "
            f"| {ratio} |"
        )
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="command")
    p = sub.add_parser("prepare")
    p.add_argument("--people", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("count")
    c.add_argument("--wave", type=int, required=True)
    ap.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    ap.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--people", type=int, default=12000, help="respondents prepared per database")
    ap.add_argument("--peer", action="store_true", help="also run the peer's intake part")
    ap.add_argument("--work", type=Path, default=ROOT / "var" / "bench-intake")
    args = ap.parse_args()
    if args.command == "prepare":
        prepare(args.people, args.out)
        return
    if args.command == "count":
        print(json.dumps(count_stored(args.wave)))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    ours = []
    for db in args.db or ["sqlite", "postgres"]:
        ours += bench_database(db, args.clients, args.duration, args.warmup, args.people, args.work)
    peer = run_peer(args.clients, args.duration, args.warmup, args.work) if args.peer else []
    print()
    print(table(ours, peer))


if __name__ == "__main__":
    main()
