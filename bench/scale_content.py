"""Content at scale: each public page at 1,000 conditions against the same page at demo size.

    .venv/bin/python bench/scale_content.py          # PostgreSQL database clinic_contentscale_bench
    .venv/bin/python bench/scale_content.py --database-url postgres://.../other --rounds 30

One run, one throwaway database: migrate, load the demo content and measure every target;
then add `manage.py generate_content_scale` (1,000 conditions, 300 treatments, one of them
linked from 500 conditions), VACUUM ANALYZE as autovacuum would, and measure again. Pages are rendered through Django's test
client in this process (the whole middleware stack, production settings, DEBUG off) with
the page cache off, so every request renders: no gunicorn, no network. For each target it
prints the median time of --rounds requests (after two warm-up requests), the HTML bytes
(uncompressed) and the SQL queries, at demo size and at scale, and their ratios, then the
targets of issue 20 (public pages at most 1.5x their demo time, at most 60 KB of HTML,
queries unchanged). Paths missing on a checkout (404) show as "-".
"""

import argparse
import os
import statistics
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


def setup_django(database_url):
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
    from django.test.utils import override_settings

    # Static files from source (no collectstatic); the test client's host.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=["testserver"],
    ).enable()


def recreate_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def measure(client, path, rounds):
    from django.db import connection

    for _ in range(2):
        response = client.get(path)
    if response.status_code != 200:
        return None
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "ms": statistics.median(times),
        "bytes": len(response.content),
        "kb": len(response.content) / 1024,
        "queries": len(queries),
    }


def measure_all(column, rounds, admin_client, public_client):
    from django.urls import reverse

    from conditions.models import Condition

    results = {}
    for name, demo_path, scale_path, _ in TARGETS:
        path = demo_path if column == "demo" else scale_path
        client = public_client
        if path == "admin-edit":
            condition = Condition.objects.get(slug="upper-back-pain")
            path = reverse("admin:conditions_condition_change", args=[condition.pk])
            client = admin_client
        results[name] = measure(client, path, rounds)
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
    )
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    recreate_database(args.database_url)
    setup_django(args.database_url)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from tests.staff_sessions import verified_login

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    staff = get_user_model().objects.create_superuser("bench", "bench@clinic.example", None)
    admin_client = Client()
    verified_login(admin_client, staff)
    public_client = Client()

    demo = measure_all("demo", args.rounds, admin_client, public_client)
    started = time.perf_counter()
    call_command("generate_content_scale", verbosity=0, **SCALE)
    print(f"generate_content_scale {SCALE}: {time.perf_counter() - started:.1f} s")
    # What autovacuum does soon after a bulk load in production: table statistics, and
    # the GIN indexes' pending entries merged (until then the planner shuns them).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    large = measure_all("large", args.rounds, admin_client, public_client)

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
