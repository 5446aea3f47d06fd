"""Completed self-assessments per second over HTTP, with the peer benchmark's protocol.

Each client thread repeats what a browser with JavaScript does, with a fresh respondent every
loop:
  1. GET the personal invitation link: the landing page with its Start button (a GET changes
     nothing, so mail scanners cannot use the link up);
  2. POST the Start button with the page's CSRF token (exchanged for a session, 302 to the form);
  3. GET the form: one document with every page (the CSRF token and the radio buttons of all
     items); Next and Back switch pages in the browser without a request, and nothing is saved
     on the way because the respondent never leaves the page before submitting;
  4. POST all answers with "submit" and the CSRF token, which must answer 302 to the profile;
  5. GET the personal profile page.
One loop = one completed response in 5 requests (the peer's loop = GET form, POST, follow
redirect). The profile's chart image is not fetched, like the peer's static files.

Server: gunicorn with 2 sync workers on 127.0.0.1, Digit's production settings (DEBUG off)
except DIGIT_HTTPS=0, because the loopback benchmark speaks plain HTTP (no TLS, so no secure
cookies and no HTTPS redirect). SQLite in WAL mode (our settings) and PostgreSQL on
127.0.0.1:5432 (a database of its own, dropped and created). Respondents, their invitations and
link tokens are made before the run; the default instrument (63 items + 8 practices) is used.

  .venv/bin/python bench/intake.py                       # both databases, 10 and 50 clients
  .venv/bin/python bench/intake.py --db sqlite --clients 10 --duration 10
  .venv/bin/python bench/intake.py --peer                # also run the peer's intake part

Prints one JSON line per run and a Markdown table at the end. Runs are bounded in time. Exits
with status 1 if a request failed or the database afterwards does not hold exactly the
completed responses, each with all its answers and scored.
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
RADIO_RE = re.compile(r'<input type="radio" id="item-\d+-\d+" name="(item-\d+)" value="(\d+)"')
SUBMIT_BUTTON = '<button type="submit" name="action" value="submit"'
PAGE_SECTION = '<section class="form-page"'
PROFILE_PATH = "/assessments/profile/"


# --- Preparation (runs in a subprocess with Django set up) -----------------------------------


def prepare(people: int, out: Path) -> None:
    """People in one organisation, each with an account as the HR import gives them, an open
    wave of the default instrument, one personal link per person (tokens written to ``out``)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    django.setup()
    import datetime

    from django.utils import timezone

    from digit.assessments.instruments import get_default_instrument
    from digit.assessments.models import Invitation
    from digit.assessments.tokens import new_token
    from digit.assessments.waves import create_wave, open_wave
    from digit.programmes.models import Programme

    root = _bench_people(people)
    today = timezone.localdate()
    closes_on = today + datetime.timedelta(days=30)
    # The seed programme ended in 2022: lengthen it, as staff would, to hold a wave today.
    programme = Programme.objects.get(slug="digit-or-die")
    programme.ends_on = max(programme.ends_on, closes_on)
    programme.save(update_fields=["ends_on"])
    wave = create_wave(
        programme=programme,
        kind="baseline",
        name="Bench wave",
        instrument=get_default_instrument(),
        opens_on=today - datetime.timedelta(days=1),
        closes_on=closes_on,
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


def _bench_people(people: int):
    """``people`` people in 20 units under one root (returned), each with an account."""
    from digit.access.models import User
    from digit.people.models import Person, Unit

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
    # Accounts as the HR import makes them: no usable password, linked to the person.
    bench_people = list(Person.objects.filter(unit__in=units))
    users = User.objects.bulk_create(
        [User(email=person.email, password="!bench") for person in bench_people], batch_size=2000
    )
    for person, user in zip(bench_people, users, strict=True):
        person.user_id = user.pk
    Person.objects.bulk_update(bench_people, ["user"], batch_size=2000)
    return root


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


def _posted(port, path, fields) -> tuple[str, dict]:
    """The body and headers of a form POST from ``path``."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://{HOST}:{port}{path}",
    }
    return urlencode(fields), headers


def complete_once(port, token, rng, timings):
    """One respondent from link to profile; appends (kind, seconds, at) to ``timings`` and
    returns (pages, items) of the form."""
    client = Client(port)

    def timed(kind, method, path, body=None, headers=None):
        t0 = time.perf_counter()
        resp, data = client.request(method, path, body, headers)
        t1 = time.perf_counter()
        timings.append((kind, t1 - t0, t1))
        return resp, data

    link = f"/assessments/invitation/{token}/"
    resp, landing = timed("link", "GET", link)
    csrf = TOKEN_RE.search(landing)
    if resp.status != 200 or not csrf:
        raise RuntimeError(f"link: HTTP {resp.status}, not the landing page with its button")
    resp, _ = timed("start", "POST", link, *_posted(port, link, [("csrfmiddlewaretoken", csrf[1])]))
    path = urlsplit(resp.headers.get("Location", "")).path
    if resp.status != 302 or not re.fullmatch(r"/assessments/wave/\d+/", path):
        raise RuntimeError(f"start: HTTP {resp.status} -> {path!r}, not to the form")
    resp, form = timed("form", "GET", path)
    token_match = TOKEN_RE.search(form)
    if resp.status != 200 or not token_match or SUBMIT_BUTTON not in form:
        raise RuntimeError(f"GET {path}: HTTP {resp.status}, no form with a submit button")
    fields = {}
    for name, value in RADIO_RE.findall(form):
        fields.setdefault(name, []).append(value)
    answers = [(name, rng.choice(values)) for name, values in fields.items()]
    posted = [("csrfmiddlewaretoken", token_match.group(1)), ("action", "submit"), *answers]
    resp, html = timed("submit", "POST", path, *_posted(port, path, posted))
    location = urlsplit(resp.headers.get("Location", "")).path
    if resp.status != 302 or location != PROFILE_PATH:
        raise RuntimeError(
            f"submit: HTTP {resp.status} -> {location!r}, not the redirect to the profile"
            + (" (the form came back: answers missing or refused)" if resp.status < 300 else "")
            + (f" {html[:120]!r}" if resp.status >= 400 else "")
        )
    resp, _ = timed("profile", "GET", location)
    if resp.status != 200:
        raise RuntimeError(f"GET profile: HTTP {resp.status}")
    return form.count(PAGE_SECTION), len(fields)


FLOOR_PATH = "/i18n/setlang/"  # Django's language view: a GET only redirects, no template


def floor_rates(port, tokens, clients: int, seconds: float) -> dict:
    """Requests/s of a request that does nothing, on the same server with the same client:
    anonymous, and signed in (session, user and roles read, as on every page of the form).
    Five requests make a completed response, so a fifth of the signed-in rate is a ceiling
    on completed responses/s that no work in the form's own code can lift."""
    signed_in = []
    for _ in range(clients):
        client = Client(port)
        link = f"/assessments/invitation/{next(tokens)}/"
        _resp, landing = client.request("GET", link)
        client.request(
            "POST",
            link,
            *_posted(port, link, [("csrfmiddlewaretoken", TOKEN_RE.search(landing)[1])]),
        )
        signed_in.append(client)
    anonymous = [Client(port) for _ in range(clients)]
    rates = {
        "anonymous": _rate(anonymous, seconds),
        "signed_in": _rate(signed_in, seconds),
    }
    rates["ceiling_completed_per_s"] = round(rates["signed_in"] / 5, 1)
    return rates


def _rate(clients: list, seconds: float) -> float:
    """GET FLOOR_PATH from every client in a loop for ``seconds``; requests per second."""
    counts = [0] * len(clients)
    end = time.perf_counter() + seconds

    def hammer(index):
        while time.perf_counter() < end:
            resp, _ = clients[index].request("GET", FLOOR_PATH)
            if resp.status != 302:
                raise RuntimeError(f"{FLOOR_PATH}: HTTP {resp.status}")
            counts[index] += 1

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(counts) / seconds, 1)


def pct(values, p):
    """Nearest-rank percentile, in ms (as the peer's load.py)."""
    if not values:
        return None
    values = sorted(values)
    return round(1000 * values[max(0, math.ceil(p / 100 * len(values)) - 1)], 1)


class _Tally:
    """What the load threads record, under one lock, for one run."""

    def __init__(self, window):
        self.window = window
        self.lock = threading.Lock()
        self.loops, self.finished, self.requests, self.errors = [], [], [], []
        self.forms_seen = set()
        self.completed_total = 0  # every completed loop, warm-up and overrun included
        self.exhausted = False

    def loop_done(self, form, t_start, t_end, timings):
        begin, end = self.window
        with self.lock:
            self.forms_seen.add(form)
            self.completed_total += 1
            if begin <= t_end <= end:
                self.finished.append(t_end)  # a response completed inside the window
            if t_start >= begin and t_end <= end:
                self.loops.append(t_end - t_start)  # the peer's rule: whole loop inside
            for kind, seconds, at in timings:
                if begin <= at <= end:
                    self.requests.append((kind, seconds))


def run_load(port, tokens, clients, duration, warmup):
    import random

    start = time.perf_counter()
    tally = _Tally((start + warmup, start + warmup + duration))
    remaining = tokens  # an iterator shared by the runs: every loop takes a fresh respondent

    def worker(seed):
        rng = random.Random(seed)
        while time.perf_counter() < tally.window[1]:
            with tally.lock:
                token = next(remaining, None)
            if token is None:
                tally.exhausted = True
                return
            timings = []
            t_start = time.perf_counter()
            try:
                form = complete_once(port, token, rng, timings)
            except Exception as exc:  # counted and reported, the run goes on
                with tally.lock:
                    tally.errors.append(str(exc)[:200])
                continue
            tally.loop_done(form, t_start, time.perf_counter(), timings)

    cpu0 = time.process_time()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _load_summary(tally, clients, duration, time.process_time() - cpu0)


def _load_summary(tally: _Tally, clients, duration, cpu) -> dict:
    """The figures of one load run (times in ms, nearest-rank percentiles)."""
    finished, loops, requests = tally.finished, tally.loops, tally.requests
    by_kind = {}
    for kind, seconds in requests:
        by_kind.setdefault(kind, []).append(seconds)
    every = [seconds for _kind, seconds in requests]
    return {
        "clients": clients,
        "measured_s": duration,
        # Responses submitted inside the measured window (throughput), and, by the peer's
        # stricter rule, loops that started after the warm-up and ended inside the window
        # (under heavy load a loop can be longer than the window).
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
        "completed_total": tally.completed_total,
        "forms_seen": [
            {"pages": pages, "items": items} for pages, items in sorted(tally.forms_seen)
        ],
        "errors": len(tally.errors),
        "first_errors": sorted(set(tally.errors))[:3],
        "respondents_exhausted": tally.exhausted,
        "loadgen_cpu_s": round(cpu, 1),
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
    env.pop("REDIS_URL", None)
    if redis_reachable():
        # As in production: the shared cache (rate limits, cached figures) lives in Redis.
        # Without it the settings fall back to a file-based cache under var/.
        env["REDIS_URL"] = BENCH_REDIS_URL
    return env


BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_reachable() -> bool:
    """Redis on 127.0.0.1 answers: its bench database is emptied for a clean start."""
    try:
        import redis

        client = redis.Redis.from_url(BENCH_REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        return True
    except Exception:  # no server, no module: the file-based cache is used
        return False


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
    for command in (["migrate"], ["collectstatic", "--noinput"]):  # as a deploy does
        subprocess.run([str(VENV_BIN / "digit"), *command, "-v0"], env=env, check=True, timeout=600)
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
        floor = floor_rates(port, remaining, min(clients_list), min(duration, 10))
        print(json.dumps({"db": db, "floor": floor}), flush=True)
    finally:
        stop(server)
    stored = json.loads(run_python(["count", "--wave", str(prepared["wave"])], env))
    print(json.dumps({"db": db, "stored": stored}), flush=True)
    for result in results:
        result["stored"] = stored
        result["floor"] = floor
    return results


def problems_of(db: str, results: list[dict]) -> list[str]:
    """What went wrong in one database's runs: failed loops, and a database that does not hold
    exactly the completed responses, each submitted with all its answers and scored."""
    problems = [
        f"{db}, {r['clients']} clients: {r['errors']} failed loops, e.g. {r['first_errors']}"
        for r in results
        if r["errors"]
    ]
    problems += [
        f"{db}, {r['clients']} clients: ran out of prepared respondents (raise --people)"
        for r in results
        if r["respondents_exhausted"]
    ]
    forms = {(f["pages"], f["items"]) for r in results for f in r["forms_seen"]}
    if len(forms) > 1:
        problems.append(f"{db}: forms of different sizes (pages, items): {sorted(forms)}")
    stored = results[0]["stored"]
    completed = sum(r["completed_total"] for r in results)
    expected = {
        "submitted": completed,
        "scored": completed,
        "answers_per_response": [items for _pages, items in forms],
        "started_not_submitted": 0,
    }
    problems += [
        f"{db}: stored {key} = {stored[key]}, expected {value}"
        for key, value in expected.items()
        if stored[key] != value
    ]
    return problems


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
    floors = {r["db"]: r["floor"] for r in ours if r.get("floor")}
    if floors:
        lines += [
            "",
            "| DB | requests/s, empty request: anonymous / signed in "
            "| ceiling: signed-in rate / 5 requests |",
            "|---|---|---|",
        ]
        lines += [
            f"| {db} | {f['anonymous']} / {f['signed_in']} | {f['ceiling_completed_per_s']} |"
            for db, f in floors.items()
        ]
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
    ours, problems = [], []
    for db in args.db or ["sqlite", "postgres"]:
        results = bench_database(
            db, args.clients, args.duration, args.warmup, args.people, args.work
        )
        ours += results
        problems += problems_of(db, results)
    peer = run_peer(args.clients, args.duration, args.warmup, args.work) if args.peer else []
    print()
    print(table(ours, peer))
    if problems:
        print("\nFAILED:\n" + "\n".join(f"- {problem}" for problem in problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
