"""Benchmark the production setup: gunicorn (sync workers), WhiteNoise, the Redis page cache.

    .venv/bin/python bench/run.py                      # SQLite, 6 rounds of 5 s (`make bench`)
    .venv/bin/python bench/run.py --database postgres  # the same against PostgreSQL
    .venv/bin/python bench/run.py --cache embedded     # `make run`'s cache: no Redis
    .venv/bin/python bench/run.py --quick              # 1 round of 2 s: a smoke run for CI
    .venv/bin/python bench/run.py --scale              # the front desk at scale: bench/scale.py

`--cache embedded` measures the default configuration of `make run` instead of Redis: the
database cache in its own SQLite file, shared by the workers.

Everything happens in a temporary directory and a throwaway database: a fresh SQLite file
(or a `clinic_bench_<pid>` PostgreSQL database), migrated and loaded with the demo content
and RENDERED_PAGES more condition pages from `generate_content_scale`. Three gunicorn
servers start from the real gunicorn.conf.py with production settings (DEBUG off, 2 sync
workers): one with the page cache on (and its X-Cache header, for the checks), one with
the page cache and every fragment cache off, and one with only the frame's fragment cache
on (to show what that cache is worth). The condition page is measured as patients get it:
from the page cache, from a newsletter's link (tracking parameters: the same cached page),
and rendered from the database, as the first request after an edit (the server with no
caches, each request for the next of RENDERED_PAGES distinct condition pages, so nothing
kept per page could answer). wrk then measures each target in interleaved rounds (A, B,
C, A, B, C, ...) so that drifts in machine speed fall on every target alike, and each
target's throughput is compared with the static file's from the same rounds. The CPU
time the server's workers spent, per request answered, is reported for each target. The figures and the goals are printed side by side; the raw
figures go to bench/out/. Servers, the database and the Redis keys are removed at the end.

On a shared machine, each measurement first waits until other programs leave the CPUs
idle, and is measured again if they used more than 10% of the CPUs meanwhile (counted
from /proc: all CPU time less that of gunicorn, wrk, Redis and PostgreSQL).

gunicorn keeps its real logging: access lines (JSON, one a request) go to a log file in the
temporary directory, as they would go to stdout in production; the log also gives the
server's own count of answered submissions.

Exit status: 0 if every goal holds, 1 if one is missed (with --quick, only the checks of
correct behaviour count: no errors, cache hits, every submission stored), 2 if the run
could not be set up.
"""

import argparse
import contextlib
import http.client
import http.cookies
import importlib.metadata
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
WRK = "/usr/bin/wrk"
# What the real gunicorn config says, for the report.
MAX_REQUESTS = int(
    re.search(r"^max_requests = (\d+)", (BASE_DIR / "gunicorn.conf.py").read_text(), re.M)[1]
)

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 9
POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
CONDITION_PATH = "/conditions/upper-back-pain/"
# The same page from a newsletter's link: the page cache answers it with the same page.
TRACKED_CONDITION_PATH = CONDITION_PATH + "?utm_source=newsletter&utm_medium=email"
# Distinct condition pages rendered from the database in turn (generate_content_scale's).
RENDERED_PAGES = 60
FORM_PATH = "/appointments/"
# The salt the request form signs its timestamp with (appointments/spam.py); the check
# submission before the runs fails if this ever differs.
FORM_STARTED_SALT = "appointments.form-started"
# Form timestamps written for each wrk run of submissions: more than any run sends.
SUBMISSION_TIMESTAMPS = 40_000
THANKS_PATH = "/appointments/thank-you/"
APPOINTMENT_TABLE = "appointments_appointmentrequest"
# The outbox: one front-desk alert per stored request, queued for the email worker (which
# the benchmark does not run: the submission path is measured, not the sending).
NOTIFICATION_TABLE = "appointments_notification"
GZIP = {"Accept-Encoding": "gzip"}
WORKERS = 2
# Each measurement waits (up to 2 minutes) until other programs use less than this share
# of the CPUs, so that a test suite running on the same machine does not skew a target,
# and is measured again (up to twice) if other programs used more than that meanwhile.
QUIET_CPU_SHARE = 0.10
MAX_RETRIES = 2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# The goals from issues 7 and 25.
CACHED_MIN_RATIO = 0.85
# A tracking link's figure matches the cached page's: within this share of it.
TRACKED_TOLERANCE = 0.05
RENDERED_MIN_RATIO = 0.15
SUBMIT_MAX_P99_MS = 150
SINGLE_MAX_RATIO = 8.0
WORKER_MAX_RSS_MB = 100


class SetupError(Exception):
    pass


# Small helpers -------------------------------------------------------------------------


def say(message=""):
    print(message, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, *, method="GET", headers=None, body=None):
    """One request, redirects not followed: (status, headers, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def run_checked(command, env, what):
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SetupError(f"{what} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def system_cpu():
    """Jiffies of all CPUs: (busy, total). Interrupt time is left out: the kernel's
    loopback networking for our own requests lands there, not on any process."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    user, nice, system, steal = values[0], values[1], values[2], values[7]
    return user + nice + system + steal, sum(values)


def cpu_busy(seconds):
    """The share of all CPUs' time spent busy over the next `seconds`."""
    busy_before, total_before = system_cpu()
    time.sleep(seconds)
    busy_after, total_after = system_cpu()
    total = total_after - total_before
    return (busy_after - busy_before) / total if total else 0.0


def wait_for_quiet(limit, max_wait):
    """Wait until other programs leave the CPUs (almost) idle; return the busy share seen.

    Between measurements nothing of ours runs, so CPU use then belongs to someone else
    (a test suite, a browser) and would slow whichever target is measured next.
    """
    deadline = time.monotonic() + max_wait
    busy = cpu_busy(0.5)
    while busy > limit and time.monotonic() < deadline:
        busy = cpu_busy(2)
    return busy


def process_jiffies(pid, with_children=False):
    """CPU time of one process (and, optionally, of its children it has waited for)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    used = int(fields[11]) + int(fields[12])  # utime, stime
    if with_children:
        used += int(fields[13]) + int(fields[14])  # cutime, cstime
    return used


def service_pids(names=("redis-server", "postgres")):
    """The Redis and PostgreSQL processes: they work for the benchmark while it runs."""
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        with contextlib.suppress(OSError):
            if comm.read_text().strip() in names:
                pids.append(int(comm.parent.name))
    return pids


def ensure_wrk():
    if Path(WRK).exists():
        return
    say("wrk not found: installing Debian's package (apt-get install -y wrk)")
    if subprocess.run(["apt-get", "install", "-y", "wrk"], check=False).returncode != 0:
        subprocess.run(["apt-get", "update"], check=False)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)


# Databases -----------------------------------------------------------------------------


class SqliteDatabase:
    name = "sqlite"

    def __init__(self, workdir):
        self.path = workdir / "bench.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def create(self):
        pass

    def count_rows(self, table):
        with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608

    def version(self):
        return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL)"

    def drop(self):
        pass  # The file goes with the temporary directory.


class PostgresDatabase:
    name = "postgres"

    def __init__(self, workdir):
        self.database = f"clinic_bench_{os.getpid()}"
        self.url = f"postgres://postgres@127.0.0.1:5432/{self.database}"
        self.created = False

    def _admin(self):
        import psycopg

        return psycopg.connect(POSTGRES_ADMIN, autocommit=True)

    def create(self):
        from psycopg import sql

        with self._admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(self.database))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.database)))
        self.created = True

    def count_rows(self, table):
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            f"host=127.0.0.1 port=5432 user=postgres dbname={self.database}"
        ) as connection:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            return connection.execute(query).fetchone()[0]

    def version(self):
        with self._admin() as connection:
            return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]

    def drop(self):
        if not self.created:
            return
        from psycopg import sql

        with self._admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(self.database)
                )
            )
        self.created = False


# gunicorn ------------------------------------------------------------------------------


class Server:
    """One gunicorn master started from the real gunicorn.conf.py, logging to a file."""

    def __init__(self, name, env, workdir):
        self.name = name
        self.port = free_port()
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}"}
        self.log_path = workdir / f"gunicorn-{name}.log"
        self.process = None

    def start(self):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "--config", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError(f"gunicorn ({self.name}) exited:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if fetch(self.port, "/healthz")[0] == 200 and len(self.worker_pids()) == WORKERS:
                    return
            time.sleep(0.2)
        raise SetupError(f"gunicorn ({self.name}) did not answer /healthz:\n{self.log_tail()}")

    def worker_pids(self):
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        with contextlib.suppress(OSError):
            return [int(child) for child in children.read_text().split()]
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                # The parent pid is the 2nd field after the parenthesised command name.
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    pids.append(int(stat.parent.name))
        return pids

    @staticmethod
    def rss_mb(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return None

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def count_log(self, needle):
        return self.log_text().count(needle)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


# wrk -----------------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    server: str  # "cached" or "uncached": which of the two gunicorn servers
    path: str
    connections: int
    kind: str = "get"  # "get", "submit", or "single" (one connection, for latency)
    paths: list | None = None  # pages asked for in turn (bench/cycle.lua) instead of `path`
    x_cache: str | None = None  # the X-Cache header a warm response must carry
    goal: str = ""  # the goal shown next to the figures
    runs: list = field(default_factory=list)
    discarded: list = field(default_factory=list)  # runs disturbed by other programs
    # What the warm-up saw: Content-Encoding and X-Cache of a warm response.
    encoding: str = ""
    x_cache_seen: str | None = None


def run_wrk(url, *, connections, duration, script, headers=(), script_args=()):
    threads = min(2, connections)
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "10s", "-s", str(BENCH_DIR / script)]
    for header in headers:
        command += ["-H", header]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, cwd=BENCH_DIR
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            figures = json.loads(line.removeprefix("BENCH_RESULT "))
            figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
            figures["socket_errors"] = sum(
                figures[kind] for kind in ("connect", "read", "write", "timeout")
            )
            return figures
    raise SetupError(f"wrk gave no result for {url}:\n{result.stdout}\n{result.stderr}")


# The run -------------------------------------------------------------------------------


class Bench:
    def __init__(self, options):
        self.options = options
        self.secret_key = secrets.token_urlsafe(50)
        self.rounds = options.rounds or (1 if options.quick else 6)
        self.duration = options.duration or (2 if options.quick else 5)
        self.workdir = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
        database_class = PostgresDatabase if options.database == "postgres" else SqliteDatabase
        self.database = database_class(self.workdir)
        self.uses_redis = options.cache == "redis"
        self.key_prefix = f"clinic-bench-{os.getpid()}-{secrets.token_hex(4)}"
        self.servers = {}
        self.submission = None
        self.load_before = os.getloadavg()
        self.noisy = []
        self.peak_worker_rss = {}
        # Seconds the run may spend in all waiting for other programs to finish.
        self.wait_budget = 30.0 if options.quick else 900.0
        self.submit_runs = 0

    # Setup -----------------------------------------------------------------------------

    def environment(self):
        env = dict(os.environ)
        env.update(
            {
                # Production settings, whatever a developer's .env says.
                "DEBUG": "off",
                "HTTPS": "off",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": "http://127.0.0.1:8000",
                "PROXY_COUNT": "0",
                "TRUST_X_FORWARDED_PROTO": "off",
                "DATABASE_URL": self.database.url,
                "CACHE_KEY_PREFIX": self.key_prefix,
                "MEDIA_STORAGE": "local",
                "MEDIA_ROOT": str(self.workdir / "media"),
                "WEB_CONCURRENCY": str(WORKERS),
                "LOG_LEVEL": "INFO",
                # Logs reach the file line by line, so the access log can be counted.
                "PYTHONUNBUFFERED": "1",
                # Measured submissions must not be refused (mail is queued, never sent here).
                "APPOINTMENT_RATE_LIMIT": "1000000",
                "EMAIL_URL": "dummymail://",
                "FRONT_DESK_EMAILS": "frontdesk@example.invalid",
                "APPOINTMENT_SEND_ACKNOWLEDGEMENT": "off",
                # Known to the bench, which signs each submission's form timestamp with it.
                "SECRET_KEY": self.secret_key,
            }
        )
        if self.uses_redis:
            env["CACHE_URL"] = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
        else:
            env.pop("CACHE_URL", None)  # the default: the embedded database cache
        return env

    def cache_description(self):
        if self.uses_redis:
            return f"Redis {self.redis_version}"
        return "the embedded database cache (its own SQLite file, WAL)"

    def check_redis(self):
        import redis

        try:
            client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
            return client.info("server")["redis_version"]
        except redis.RedisError as error:
            raise SetupError(
                f"Redis is not reachable on {REDIS_HOST}:{REDIS_PORT}: {error}"
            ) from error

    def setup(self):
        ensure_wrk()
        self.redis_version = self.check_redis() if self.uses_redis else None
        say(f"Working directory: {self.workdir}")
        say(f"Database: {self.database.name} ({self.database.url})")
        self.database.create()
        env = self.environment()
        manage = [str(PYTHON), "manage.py"]
        run_checked([*manage, "migrate", "--noinput"], env, "migrate")
        run_checked([*manage, "createcachetable", "--database", "cache"], env, "createcachetable")
        run_checked([*manage, "load_demo_content"], env, "load_demo_content")
        run_checked(
            [
                *manage,
                "generate_content_scale",
                f"--conditions={RENDERED_PAGES}",
                "--treatments=20",
                "--hub-links=20",
            ],
            env,
            "generate_content_scale",
        )
        run_checked(
            [*manage, "collectstatic", "--noinput", "--verbosity", "0"], env, "collectstatic"
        )
        for name, settings in (
            ("cached", {"PAGE_CACHE": "on", "PAGE_CACHE_HEADER": "on"}),
            ("uncached", {"PAGE_CACHE": "off", "FRAME_CACHE": "off"}),
            ("frame", {"PAGE_CACHE": "off", "FRAME_CACHE": "on"}),
        ):
            self.servers[name] = Server(name, {**env, **settings}, self.workdir)
            self.servers[name].start()
        for server in self.servers.values():
            server.wait_until_ready()
            say(f"gunicorn ({server.name} pages) on 127.0.0.1:{server.port}")

    def stylesheet_path(self):
        status, _headers, body = fetch(self.servers["cached"].port, "/")
        match = re.search(rb'<link rel="stylesheet" href="([^"]+)"', body)
        if status != 200 or match is None:
            raise SetupError(f"No stylesheet link on the home page (status {status})")
        return match[1].decode()

    def rendered_paths(self):
        """The generated condition pages (English), from the sitemap as a crawler finds them."""
        _status, _headers, body = fetch(self.servers["uncached"].port, "/sitemap-conditions.xml")
        paths = [
            location.split("127.0.0.1:8000", 1)[1]
            for location in re.findall(rb"<loc>([^<]+)</loc>", body)[: 10 * RENDERED_PAGES]
            for location in [location.decode()]
        ]
        paths = [path for path in paths if path.startswith("/conditions/scale-")]
        if len(paths) < RENDERED_PAGES:
            raise SetupError(f"Only {len(paths)} generated condition pages in the sitemap")
        return paths[:RENDERED_PAGES]

    def targets(self):
        static = self.stylesheet_path()
        rendered = self.rendered_paths()
        self.paths_file = self.workdir / "rendered-paths.txt"
        self.paths_file.write_text("\n".join(rendered) + "\n")
        return [
            Target("static", "static CSS (baseline)", "cached", static, 8),
            Target("home", "home page (cached)", "cached", "/", 8, x_cache="hit"),
            Target(
                "index", "conditions index (cached)", "cached", "/conditions/", 8, x_cache="hit"
            ),
            Target(
                "cached",
                "condition page (cached)",
                "cached",
                CONDITION_PATH,
                8,
                x_cache="hit",
                goal=f">= {CACHED_MIN_RATIO:.2f} x static",
            ),
            # A newsletter's or an ad's link: the page cache answers it with the same page.
            Target(
                "tracked",
                "condition page, tracking link",
                "cached",
                TRACKED_CONDITION_PATH,
                8,
                x_cache="hit",
                goal="= the cached page's",
            ),
            # Everything from the database, as the first request after an edit: no page or
            # fragment cache, and each request for the next of many pages.
            Target(
                "rendered",
                f"{RENDERED_PAGES} condition pages rendered",
                "uncached",
                rendered[0],
                8,
                paths=rendered,
                goal=f">= {RENDERED_MIN_RATIO:.2f} x static",
            ),
            # The same with the frame's fragment cache: what that cache is worth.
            Target(
                "rendered_frame",
                "the same, frame cache on",
                "frame",
                rendered[0],
                8,
                paths=rendered,
            ),
            Target("home_uncached", "home page (rendered)", "uncached", "/", 8),
            Target("index_uncached", "conditions index (rendered)", "uncached", "/conditions/", 8),
            Target("form", "appointment form", "cached", FORM_PATH, 8),
            Target(
                "submit",
                "appointment submissions",
                "cached",
                FORM_PATH,
                16,
                kind="submit",
                goal=f"p99 < {SUBMIT_MAX_P99_MS} ms, 0 errors",
            ),
            Target("static_1", "static CSS, 1 connection", "cached", static, 1, kind="single"),
            Target(
                "rendered_1",
                "condition rendered, 1 conn.",
                "uncached",
                rendered[0],
                1,
                kind="single",
                paths=rendered,
                goal=f"p50 <= {SINGLE_MAX_RATIO:.0f} x static's",
            ),
        ]

    def warm_up(self, targets):
        """Check every GET target answers as expected, then give each worker a warm start."""
        for target in targets:
            if target.kind == "submit":
                continue
            port = self.servers[target.server].port
            for path in target.paths or [target.path] * 3:
                status, headers, _body = fetch(port, path, headers=GZIP)
                if status != 200:
                    raise SetupError(f"{target.label}: {path} answered {status}")
            if headers.get("X-Cache") != target.x_cache:
                raise SetupError(
                    f"{target.label}: X-Cache is {headers.get('X-Cache')!r}, "
                    f"expected {target.x_cache!r}"
                )
            target.x_cache_seen = headers.get("X-Cache")
            target.encoding = headers.get("Content-Encoding", "identity")
            self._measure(target, duration=1)

    def form_timestamps(self, count):
        """A file of `count` form timestamps, one a line, each shown to nobody but signed as
        the form signs them (django.core.signing with the servers' SECRET_KEY), a minute
        old: what `count` patients who each opened the form would send."""
        from django.core.signing import TimestampSigner

        signer = TimestampSigner(key=self.secret_key, salt=FORM_STARTED_SALT, fallback_keys=[])
        shown = time.time() - 60
        path = self.workdir / "form-timestamps.txt"
        path.write_text(
            "\n".join(signer.sign_object(shown + index / 1e6) for index in range(count))
        )
        return path

    def prepare_submissions(self):
        """A CSRF cookie and token and a form_started old enough, from one real GET."""
        port = self.servers["cached"].port
        status, headers, body = fetch(port, FORM_PATH)
        page = body.decode()
        cookie = http.cookies.SimpleCookie()
        for header in headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        fields = dict(
            re.findall(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]+)"', page)
        )
        days = re.findall(r'name="preferred_days" value="([^"]+)"', page)
        if status != 200 or "csrftoken" not in cookie or len(fields) != 2 or not days:
            raise SetupError(f"The appointment form did not give a CSRF token (status {status})")
        shown_at = time.monotonic()
        shared = urlencode(
            [
                ("csrfmiddlewaretoken", fields["csrfmiddlewaretoken"]),
                ("source_page", CONDITION_PATH),
                ("preferred_contact", "phone"),
                ("preferred_days", days[0]),
                ("preferred_times", "morning"),
                ("patient_status", "new"),
                ("condition", CONDITION_PATH.strip("/").split("/")[-1]),
                ("message", "Lower back pain for three weeks; mornings are worst."),
                ("consent", "on"),
                ("leave_blank", ""),
            ]
        )
        cookie_header = f"csrftoken={cookie['csrftoken'].value}"
        # The form must be at least APPOINTMENT_MIN_FILL_SECONDS (3 s) old when sent.
        time.sleep(max(0.0, 3.5 - (time.monotonic() - shown_at)))
        # One submission by hand: it must be stored and answered with the thank-you page.
        # With a timestamp the bench signed itself, as every measured submission has.
        timestamp = self.form_timestamps(1).read_text()
        body = (
            f"{shared}&{urlencode({'form_started': timestamp})}"
            "&full_name=Check+Patient&phone=%2B442000000001&email=check%40example.com"
        )
        status, headers, _body = fetch(
            port,
            FORM_PATH,
            method="POST",
            headers={
                "Cookie": cookie_header,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=body,
        )
        if status != 302 or headers.get("Location") != THANKS_PATH:
            raise SetupError(
                f"A valid submission answered {status} {headers.get('Location')}, not 302 to "
                f"{THANKS_PATH}:\n{_body.decode(errors='replace')[:2000]}"
            )
        self.submission = {"cookie": cookie_header, "body": shared}
        # gunicorn writes the access line just after the answer: wait for it.
        self.rows_before, self.logged_before, self.alerts_before = self.settled_counts(
            minimum_logged=1
        )

    def settled_counts(self, minimum_logged=0, timeout=15):
        """Stored rows, logged 302s and queued alerts, once requests in flight have finished."""
        server = self.servers["cached"]
        deadline = time.monotonic() + timeout
        previous = None
        while True:
            counts = (
                self.database.count_rows(APPOINTMENT_TABLE),
                server.count_log(f"POST {FORM_PATH} 302"),
                self.database.count_rows(NOTIFICATION_TABLE),
            )
            settled = counts == previous and counts[1] >= minimum_logged
            if settled or time.monotonic() > deadline:
                return counts
            previous = counts
            time.sleep(0.5)

    # Measuring -------------------------------------------------------------------------

    def our_jiffies(self):
        """CPU used so far by the servers (workers that exited included), wrk and services."""
        used = 0
        for server in self.servers.values():
            used += process_jiffies(server.process.pid, with_children=True)
            used += sum(process_jiffies(pid) for pid in server.worker_pids())
        # The postmaster's children are its backends: count those that exited too.
        used += sum(process_jiffies(pid, with_children=True) for pid in service_pids())
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has exited
        return used + round((children.ru_utime + children.ru_stime) * CLOCK_TICKS)

    def measure(self, target, round_number):
        """One wrk run while no other program competes for the CPUs, retried if one did."""
        for attempt in range(1 + MAX_RETRIES):
            started = time.monotonic()
            wait_for_quiet(QUIET_CPU_SHARE, min(120, self.wait_budget))
            self.wait_budget = max(0.0, self.wait_budget - (time.monotonic() - started))
            busy_before, total_before = system_cpu()
            ours_before = self.our_jiffies()
            figures = self._measure(target)
            self.sample_worker_memory()
            busy_after, total_after = system_cpu()
            others = (busy_after - busy_before) - (self.our_jiffies() - ours_before)
            figures["others_cpu_share"] = max(0.0, others / max(1, total_after - total_before))
            if figures["others_cpu_share"] <= QUIET_CPU_SHARE:
                break
            if attempt == MAX_RETRIES or self.wait_budget <= 0:
                self.noisy.append(
                    f"round {round_number} {target.label}: other programs used "
                    f"{figures['others_cpu_share']:.0%} of the CPUs"
                )
                break
            target.discarded.append(figures)
            say(
                f"  (other programs used {figures['others_cpu_share']:.0%} of the CPUs: "
                f"measuring {target.label} again)"
            )
        return figures

    def _measure(self, target, duration=None):
        """One wrk run, with the CPU time the server's workers spent per request."""
        workers = self.servers[target.server].worker_pids()
        before = sum(process_jiffies(pid) for pid in workers)
        figures = self._run_wrk(target, duration or self.duration)
        # Workers replaced meanwhile (max_requests) make a run's figure slightly low.
        used = sum(process_jiffies(pid) for pid in workers) - before
        figures["cpu_ms_per_request"] = used / CLOCK_TICKS * 1000 / max(1, figures["requests"])
        return figures

    def _run_wrk(self, target, duration):
        url = f"http://127.0.0.1:{self.servers[target.server].port}{target.path}"
        if target.paths:
            return run_wrk(
                url,
                connections=target.connections,
                duration=duration,
                script="cycle.lua",
                headers=["Accept-Encoding: gzip"],
                script_args=[str(self.paths_file)],
            )
        if target.kind == "submit":
            # A new number for every wrk run keeps names and phone numbers unique, and
            # each request sends a form timestamp of its own: each is good for one request.
            self.submit_runs += 1
            return run_wrk(
                url,
                connections=target.connections,
                duration=duration,
                script="submit.lua",
                headers=[f"Cookie: {self.submission['cookie']}"],
                script_args=[
                    str(self.submit_runs),
                    self.submission["body"],
                    str(self.form_timestamps(SUBMISSION_TIMESTAMPS)),
                ],
            )
        return run_wrk(
            url,
            connections=target.connections,
            duration=duration,
            script="report.lua",
            headers=["Accept-Encoding: gzip"],
        )

    def run(self):
        self.setup()
        targets = self.targets()
        say("Warming up and checking every target ...")
        self.warm_up(targets)
        self.prepare_submissions()
        say(
            f"Measuring: {self.rounds} round(s) x {len(targets)} targets x {self.duration} s, "
            "interleaved"
        )
        for round_number in range(1, self.rounds + 1):
            for target in targets:
                figures = self.measure(target, round_number)
                target.runs.append(figures)
                say(
                    f"  round {round_number} {target.label:<30} {figures['rps']:8.1f} req/s  "
                    f"p99 {figures['p99_us'] / 1000:6.1f} ms  "
                    f"(others' CPU {figures['others_cpu_share']:.0%})"
                )
        self.collect(targets)
        return targets

    def sample_worker_memory(self):
        """Keep the largest worker RSS seen: max_requests replaces workers during a run."""
        for name, server in self.servers.items():
            sizes = [Server.rss_mb(pid) for pid in server.worker_pids()]
            sizes = [size for size in sizes if size is not None]
            if sizes:
                self.peak_worker_rss[name] = max(self.peak_worker_rss.get(name, 0.0), *sizes)

    def collect(self, targets):
        """Memory, stored rows and worker restarts, read before the servers stop."""
        self.memory = {
            name: {
                "master": Server.rss_mb(server.process.pid),
                "workers": [Server.rss_mb(pid) for pid in server.worker_pids()],
            }
            for name, server in self.servers.items()
        }
        rows, logged, alerts = self.settled_counts()
        self.rows_created = rows - self.rows_before
        self.logged_successes = logged - self.logged_before
        self.alerts_queued = alerts - self.alerts_before
        self.worker_boots = {
            name: server.count_log("Booting worker with pid")
            for name, server in self.servers.items()
        }

    def cleanup(self):
        for server in self.servers.values():
            try:
                server.stop()
            except Exception as error:  # Clean up the rest whatever happens.
                say(f"Could not stop gunicorn ({server.name}): {error}")
        try:
            self.database.drop()
        except Exception as error:
            say(f"Could not drop the benchmark database: {error}")
        try:
            if self.uses_redis:
                import redis

                client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
                keys = list(client.scan_iter(match=f"{self.key_prefix}*", count=1000))
                if keys:
                    client.delete(*keys)
        except Exception as error:
            say(f"Could not remove the benchmark's Redis keys: {error}")
        if self.options.keep:
            say(f"Kept {self.workdir} (logs, database)")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)


# Reporting -----------------------------------------------------------------------------


def summarize(target, static):
    runs = target.runs
    rps = [run["rps"] for run in runs]
    # Each round's throughput over the static file's in the same round; the median of
    # those, so that one disturbed round does not decide a goal.
    ratios = [run["rps"] / baseline["rps"] for run, baseline in zip(runs, static.runs, strict=True)]
    return {
        "rps": statistics.mean(rps),
        "rps_min": min(rps),
        "rps_max": max(rps),
        # The middle round's median; the worst round's tail.
        "p50_ms": statistics.median(run["p50_us"] for run in runs) / 1000,
        "p99_ms": max(run["p99_us"] for run in runs) / 1000,
        "mean_ms": statistics.mean(run["mean_us"] for run in runs) / 1000,
        # Errors count in every run, measured again or not.
        "status_errors": sum(run["status"] for run in runs + target.discarded),
        "socket_errors": sum(run["socket_errors"] for run in runs + target.discarded),
        "requests": sum(run["requests"] for run in runs),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
        # The workers' CPU time (user + system) per request answered, median of the rounds.
        "cpu_ms": statistics.median(run["cpu_ms_per_request"] for run in runs),
    }


def code_version():
    """The commit measured, and whether the app had uncommitted changes (bench/ aside)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", ".", ":!bench"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "unknown (no git)"
    return f"{head or 'unknown'}" + (f" + {len(changed)} changed files" if changed else "")


def machine_description(bench):
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = int(line.split()[1]) / 1024 / 1024
    wrk_version = subprocess.run([WRK, "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    versions = {
        package: importlib.metadata.version(package)
        for package in ("Django", "gunicorn", "whitenoise", "redis", "psycopg")
    }
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_gb, 1),
        "load_average_before": bench.load_before,
        "noisy_measurements": bench.noisy,
        "load_average_at_end": os.getloadavg(),
        "code": code_version(),
        "python": platform.python_version(),
        "versions": versions,
        "wrk": wrk_version.strip(),
        "database": bench.database.version(),
        "redis": bench.redis_version,
        "cache": bench.cache_description(),
    }


def report(bench, targets):
    """Print the table and the goals; return (figures for JSON, correctness ok, goals ok)."""
    by_key = {target.key: target for target in targets}
    static, static_1 = by_key["static"], by_key["static_1"]
    rows = {
        target.key: summarize(target, static_1 if target.kind == "single" else static)
        for target in targets
    }
    machine = machine_description(bench)

    say()
    say(
        f"Clinic site benchmark: {bench.database.version()}, {bench.cache_description()}, "
        f"{WORKERS} sync workers"
    )
    say(
        f"{machine['date']}; {machine['nproc']} CPUs ({machine['cpu']}), "
        f"{machine['memory_gb']} GB RAM; Python {machine['python']}, Django "
        f"{machine['versions']['Django']}, gunicorn {machine['versions']['gunicorn']}"
    )
    say(
        f"{bench.rounds} interleaved round(s) of {bench.duration} s per target; wrk -t2 "
        "(-t1 at 1 connection), page and static requests send Accept-Encoding: gzip"
    )
    say(
        f"Code: {machine['code']}; load average before {bench.load_before[0]:.2f}, after "
        f"{machine['load_average_at_end'][0]:.2f}"
    )
    for warning in bench.noisy:
        say(f"WARNING: other programs were busy, figures skewed: {warning}")
    say()
    header = (
        f"{'target':<30} {'conns':>5} {'req/s':>8} {'(min-max)':>15} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'non2/3xx':>8} {'sockerr':>7} {'x static':>8} {'CPU ms':>6}  "
        f"{'answer':<10} goal"
    )
    say(header)
    say("-" * len(header))
    for target in targets:
        row = rows[target.key]
        spread = f"({row['rps_min']:.0f}-{row['rps_max']:.0f})"
        if target.kind == "submit":
            answer = "302"
        else:
            answer = target.encoding + (f", {target.x_cache_seen}" if target.x_cache_seen else "")
        say(
            f"{target.label:<30} {target.connections:>5} {row['rps']:>8.1f} {spread:>15} "
            f"{row['p50_ms']:>7.2f} {row['p99_ms']:>7.2f} {row['status_errors']:>8} "
            f"{row['socket_errors']:>7} {row['ratio']:>8.3f} {row['cpu_ms']:>6.2f}  "
            f"{answer:<10} {target.goal}"
        )
    say("req/s: mean of the rounds; p50: median of the rounds' p50; p99: the worst round's p99;")
    say("x static: median over rounds of req/s / the static file's req/s in the same round")
    say("CPU ms: the server's workers' CPU time per request answered (median of the rounds)")
    say(
        "(at 1 connection: over the static file's at 1 connection). answer: Content-Encoding, X-Cache."
    )

    submit = by_key["submit"]
    submit_row = rows["submit"]
    # Runs measured again because of other programs also stored requests: count them all.
    all_submit_runs = submit.runs + submit.discarded
    successes = sum(run["successes"] for run in all_submit_runs)
    elsewhere = sum(run["redirects_elsewhere"] for run in all_submit_runs)
    other_statuses = [status for run in all_submit_runs for status in run["other_statuses"]]
    unanswered = bench.rows_created - successes
    in_flight_limit = submit.connections * bench.submit_runs
    single_ratio = rows["rendered_1"]["p50_ms"] / rows["static_1"]["p50_ms"]
    worker_rss = [rss for name in bench.memory for rss in bench.memory[name]["workers"] if rss]
    worker_rss += bench.peak_worker_rss.values()

    say()
    say("Submissions")
    say(f"  302 to {THANKS_PATH} seen by wrk:         {successes}")
    say(f"  302 to {THANKS_PATH} logged by gunicorn:  {bench.logged_successes}")
    say(f"  rows created in {APPOINTMENT_TABLE}: {bench.rows_created}")
    say(f"  alerts queued in {NOTIFICATION_TABLE}: {bench.alerts_queued}")
    say(f"  other answers: redirects elsewhere {elsewhere}, by status {other_statuses or 'none'}")
    say(
        f"  rows - wrk's 302s = {unanswered}: requests the server finished after wrk stopped "
        f"waiting (at most one per connection per wrk run, {in_flight_limit})"
    )
    say()
    say("Memory (VmRSS)")
    for name, memory in bench.memory.items():
        workers = ", ".join(f"{rss:.1f}" for rss in memory["workers"] if rss is not None)
        say(
            f"  {name:<8} after the run: master {memory['master']:.1f} MB, workers {workers} MB; "
            f"largest worker after any measurement {bench.peak_worker_rss.get(name, 0):.1f} MB"
        )
        say(
            f"           {bench.worker_boots[name]} workers booted in all "
            f"(gunicorn's max_requests replaces a worker every ~{MAX_REQUESTS:,} requests)"
        )

    checks = [
        # (what, figure, goal, holds, is a correctness check)
        (
            "cached condition page throughput",
            f"{rows['cached']['ratio']:.2f} x static",
            f">= {CACHED_MIN_RATIO} x static",
            rows["cached"]["ratio"] >= CACHED_MIN_RATIO,
            False,
        ),
        (
            "tracking link throughput vs the cached page's",
            f"{rows['tracked']['ratio']:.2f} vs {rows['cached']['ratio']:.2f} x static",
            f"within {TRACKED_TOLERANCE:.0%}",
            rows["tracked"]["ratio"] >= rows["cached"]["ratio"] * (1 - TRACKED_TOLERANCE),
            False,
        ),
        (
            "condition pages rendered from the database",
            f"{rows['rendered']['ratio']:.2f} x static, "
            f"{rows['rendered']['cpu_ms']:.2f} ms CPU a page",
            f">= {RENDERED_MIN_RATIO} x static",
            rows["rendered"]["ratio"] >= RENDERED_MIN_RATIO,
            False,
        ),
        (
            "single request, rendered page vs static (p50)",
            f"{rows['rendered_1']['p50_ms']:.2f} / {rows['static_1']['p50_ms']:.2f} ms = "
            f"{single_ratio:.1f}x",
            f"<= {SINGLE_MAX_RATIO:.0f}x",
            single_ratio <= SINGLE_MAX_RATIO,
            False,
        ),
        (
            f"submissions p99 at {submit.connections} connections",
            f"{submit_row['p99_ms']:.1f} ms",
            f"< {SUBMIT_MAX_P99_MS} ms",
            submit_row["p99_ms"] < SUBMIT_MAX_P99_MS,
            False,
        ),
        (
            "submission errors (non-302, socket errors)",
            str(
                submit_row["socket_errors"]
                + elsewhere
                + sum(sum(statuses.values()) for statuses in other_statuses)
            ),
            "0",
            submit_row["socket_errors"] == 0 and elsewhere == 0 and not other_statuses,
            True,
        ),
        (
            "rows created == successful submissions",
            f"{bench.rows_created} rows, {bench.logged_successes} logged, {successes} seen",
            "equal (wrk may miss <= 1 per connection)",
            bench.rows_created == bench.logged_successes and 0 <= unanswered <= in_flight_limit,
            True,
        ),
        (
            "alerts queued == rows created",
            f"{bench.alerts_queued} alerts, {bench.rows_created} rows",
            "equal",
            bench.alerts_queued == bench.rows_created,
            True,
        ),
        (
            "errors on the other targets",
            str(
                sum(
                    rows[t.key]["status_errors"] + rows[t.key]["socket_errors"]
                    for t in targets
                    if t.kind != "submit"
                )
            ),
            "0",
            all(
                rows[t.key]["status_errors"] == 0 and rows[t.key]["socket_errors"] == 0
                for t in targets
                if t.kind != "submit"
            ),
            True,
        ),
        (
            "worker RSS",
            f"max {max(worker_rss):.1f} MB",
            f"< {WORKER_MAX_RSS_MB} MB",
            max(worker_rss) < WORKER_MAX_RSS_MB,
            False,
        ),
    ]
    say()
    say("Goals")
    for what, figure, goal, holds, _correctness in checks:
        say(f"  {'HOLDS ' if holds else 'MISSED'}  {what:<46} {figure:<32} goal {goal}")

    figures = {
        "machine": machine,
        "rounds": bench.rounds,
        "duration_s": bench.duration,
        "targets": {
            target.key: {
                "label": target.label,
                "path": target.path,
                "connections": target.connections,
                "summary": rows[target.key],
                "runs": target.runs,
            }
            for target in targets
        },
        "submissions": {
            "wrk_successes": successes,
            "logged_successes": bench.logged_successes,
            "rows_created": bench.rows_created,
            "alerts_queued": bench.alerts_queued,
        },
        "memory_mb": bench.memory,
        "peak_worker_rss_mb": bench.peak_worker_rss,
        "worker_boots": bench.worker_boots,
        "checks": [
            {"what": what, "figure": figure, "goal": goal, "holds": holds}
            for what, figure, goal, holds, _correctness in checks
        ],
    }
    correct = all(holds for *_rest, holds, correctness in checks if correctness)
    goals = all(holds for *_rest, holds, _correctness in checks)
    return figures, correct, goals


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--cache",
        choices=("redis", "embedded"),
        default="redis",
        help="redis (production) or embedded: the default of `make run`, no cache server",
    )
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s: a smoke run")
    parser.add_argument("--rounds", type=int, help="rounds per target (default 3)")
    parser.add_argument("--duration", type=int, help="seconds per measurement (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--scale" in argv:
        import scale  # bench/ is on the path when this runs as a script

        return scale.main([arg for arg in argv if arg != "--scale"])
    options = parse_arguments(argv)
    # A `kill` should clean up like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    bench = Bench(options)
    try:
        targets = bench.run()
        figures, correct, goals = report(bench, targets)
    except SetupError as error:
        say(f"\nBenchmark could not run: {error}")
        for server in bench.servers.values():
            say(f"\n--- gunicorn ({server.name}) log, last lines ---\n{server.log_tail()}")
        return 2
    finally:
        bench.cleanup()
    out = BENCH_DIR / "out"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = (
        out / f"{stamp}-{options.database}-{options.cache}{'-quick' if options.quick else ''}.json"
    )
    path.write_text(json.dumps(figures, indent=2, default=str))
    say(f"\nRaw figures: {path.relative_to(BASE_DIR)}")
    if not correct:
        return 1
    if not goals and not options.quick:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
