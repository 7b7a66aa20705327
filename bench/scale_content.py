"""Content at scale: each public page at 1,000 conditions against the same page at demo size.

    .venv/bin/python bench/scale_content.py          # PostgreSQL database clinic_contentscale_bench
    .venv/bin/python bench/scale_content.py --database-url postgres://.../other --rounds 30

One run, two throwaway databases: both migrated and loaded with the demo content, the
second also with `manage.py generate_content_scale` (1,000 conditions, 300 treatments, one
of them linked from 500 conditions), then VACUUM ANALYZE as autovacuum would. Each target
is measured at both sizes in alternation (demo, large, demo, large...), so that the load
of a shared machine falls on both alike. Each size has its own process (this script with
--serve) that renders pages through Django's test client (the whole middleware stack,
production settings, DEBUG off) with the page cache off, so every request renders: no
gunicorn, no network. For each target it
prints the median time of --rounds requests (after two warm-up requests), the HTML bytes
(uncompressed) and the SQL queries, at demo size and at scale, and their ratios, then the
targets of issue 20 (public pages at most 1.5x their demo time, at most 60 KB of HTML,
queries unchanged). Paths missing on a checkout (404) show as "-".
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

TIME_TARGET = 1.5
SIZE_TARGET = 60 * 1024
SCALE = {"conditions": 1000, "treatments": 300, "hub_links": 500}
RARE_WORD = "quillback"  # in one generated condition (generate_content_scale.RARE_WORD)
# (name, path at demo size, path at scale, public)
TARGETS = (
    ("home", "/", "/", True),
    ("conditions index", "/conditions/", "/conditions/", True),
    ("region list", "/conditions/region/upper-back/", "/conditions/region/upper-back/", True),
    ("condition page", "/conditions/upper-back-pain/", "/conditions/upper-back-pain/", True),
    (
        "treatment (hub)",
        "/treatments/physical-therapy/",
        "/treatments/scale-treatment-1/",
        True,
    ),
    ("appointment form", "/appointments/", "/appointments/", True),
    ("search common word", "/search/?q=pain", "/search/?q=pain", True),
    ("search rare word", f"/search/?q={RARE_WORD}", f"/search/?q={RARE_WORD}", True),
    ("search no match", "/search/?q=xylophone", "/search/?q=xylophone", True),
    ("sitemap (index)", "/sitemap.xml", "/sitemap.xml", True),
    ("sitemap conditions", "/sitemap-conditions.xml", "/sitemap-conditions.xml", True),
    ("admin edit condition", "admin-edit", "admin-edit", False),
)


def recreate_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def serve(database_url, generate):
    """One size's process: fill its database, then answer "path public" lines on stdin
    with the request's time, HTML bytes, status and SQL queries as JSON lines."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",  # noqa: S106
        PAGE_CACHE="off",
        CACHE_URL="locmemcache://",
        DEBUG="off",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from conditions.models import Condition
    from tests.staff_sessions import verified_login

    # Static files from source (no collectstatic); the test client's host.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=["testserver"],
    ).enable()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    if generate:
        started = time.perf_counter()
        call_command("generate_content_scale", verbosity=0, **SCALE)
        print(
            f"generate_content_scale {SCALE}: {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        # What autovacuum does soon after a bulk load in production: table statistics,
        # and the GIN indexes' pending entries merged (until then the planner shuns them).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    staff = get_user_model().objects.create_superuser("bench", "bench@clinic.example", None)
    clients = {"public": Client(), "staff": Client()}
    verified_login(clients["staff"], staff)
    admin_edit = reverse(
        "admin:conditions_condition_change",
        args=[Condition.objects.only("pk").get(slug="upper-back-pain").pk],
    )
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    print("ready", flush=True)
    for line in sys.stdin:
        path, kind = line.split()
        queries.clear()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = clients[kind].get(admin_edit if path == "admin-edit" else path)
            elapsed = (time.perf_counter() - started) * 1000
        answer = {
            "ms": elapsed,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries),
        }
        print(json.dumps(answer), flush=True)


class Size:
    """A --serve process of one size."""

    def __init__(self, database_url, generate):
        recreate_database(database_url)
        command = [sys.executable, __file__, "--serve", database_url]
        self.process = subprocess.Popen(
            [*command, "--generate"] if generate else command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        # What the management commands print comes first.
        for line in self.process.stdout:
            if line.strip() == "ready":
                break
        else:
            raise SystemExit(f"The server for {database_url} did not start.")

    def get(self, path, public):
        self.process.stdin.write(f"{path} {'public' if public else 'staff'}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def measure_all(rounds, demo_size, large_size):
    """Each target at both sizes, interleaved (demo, large, demo, large...)."""
    results = ({}, {})
    for name, demo_path, scale_path, public in TARGETS:
        sizes = ((demo_size, demo_path), (large_size, scale_path))
        for size, path in sizes:
            for _ in range(2):  # warm up
                size.get(path, public)
        times = ([], [])
        for _ in range(rounds):
            for index, (size, path) in enumerate(sizes):
                times[index].append(size.get(path, public)["ms"])
        for index, (size, path) in enumerate(sizes):
            last = size.get(path, public)
            results[index][name] = (
                {**last, "ms": statistics.median(times[index]), "kb": last["bytes"] / 1024}
                if last["status"] == 200
                else None
            )
    return results


def ratio(large, demo, key):
    if not large or not demo or not demo[key]:
        return "-"
    return f"{large[key] / demo[key]:.2f}"


def cell(result, key, fmt):
    return fmt.format(result[key]) if result else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/clinic_contentscale_bench",
        help="The demo-size database; the large one is the same name with '_large'.",
    )
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--serve", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve, args.generate)
    demo_size = Size(args.database_url, generate=False)
    large_size = Size(args.database_url + "_large", generate=True)
    try:
        demo, large = measure_all(args.rounds, demo_size, large_size)
    finally:
        demo_size.close()
        large_size.close()

    header = (
        f"{'target':<22} {'demo ms':>8} {'1000 ms':>8} {'x':>5}  {'demo KB':>8} "
        f"{'1000 KB':>8} {'x':>5}  {'demo q':>6} {'1000 q':>6}  targets"
    )
    print(header)
    print("-" * len(header))
    for name, _, _, public in TARGETS:
        d, lg = demo[name], large[name]
        verdicts = []
        if public and d and lg:
            verdicts.append("time ok" if lg["ms"] <= TIME_TARGET * d["ms"] else "TIME MISSED")
            verdicts.append("size ok" if lg["bytes"] <= SIZE_TARGET else "SIZE MISSED")
            verdicts.append("queries ok" if lg["queries"] == d["queries"] else "QUERIES GREW")
        print(
            f"{name:<22} {cell(d, 'ms', '{:.1f}'):>8} {cell(lg, 'ms', '{:.1f}'):>8} "
            f"{ratio(lg, d, 'ms'):>5}  {cell(d, 'kb', '{:.1f}'):>8} {cell(lg, 'kb', '{:.1f}'):>8} "
            f"{ratio(lg, d, 'bytes'):>5}  {cell(d, 'queries', '{}'):>6} "
            f"{cell(lg, 'queries', '{}'):>6}  {', '.join(verdicts)}"
        )


if __name__ == "__main__":
    main()
