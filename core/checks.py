"""System checks for a configuration that would quietly misbehave under gunicorn, and
the go-live checks of `check --deploy`."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from .publishing import published_demo_counts

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)
# The clinic phone number of the demo settings (a 555-01xx number, reserved for fiction).
DEMO_PHONE = "+1 555 010 0123"


@checks.register(checks.Tags.caches)
def check_cache_is_shared_by_workers(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES and settings.WEB_CONCURRENCY > 1:
        return [
            checks.Warning(
                f"The default cache ({backend}) is per process, but gunicorn runs "
                f"{settings.WEB_CONCURRENCY} workers: each keeps its own cached pages, "
                "and an edit invalidates only one worker's copy.",
                hint=(
                    "Leave CACHE_URL unset (the shared database cache) or set it to "
                    "redis://...; or run one worker (WEB_CONCURRENCY=1)."
                ),
                id="core.W001",
            )
        ]
    return []


@checks.register(deploy=True)
def check_the_clinic_phone_is_real(app_configs, **kwargs):
    if settings.DEBUG or settings.CLINIC["PHONE"] != DEMO_PHONE:
        return []
    return [
        checks.Warning(
            f"The clinic's phone number is the demo number {DEMO_PHONE}, shown on every page.",
            hint="Set CLINIC_PHONE (and the other CLINIC_* values) to the clinic's own.",
            id="core.W002",
        )
    ]


# Go-live checks: errors under `check --deploy` only, so `make run` (the file email
# backend, the demo) stays as it is, while a real site cannot start with a mistake that
# would lose requests or show example text as the clinic's own.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.filebased.EmailBackend": "writes emails to files",
    "django.core.mail.backends.console.EmailBackend": "prints emails",
    "django.core.mail.backends.locmem.EmailBackend": "keeps emails in memory",
    "django.core.mail.backends.dummy.EmailBackend": "drops emails",
}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@checks.register(deploy=True)
def check_requests_reach_the_front_desk(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    if not settings.FRONT_DESK_EMAILS:
        errors.append(
            checks.Error(
                "FRONT_DESK_EMAILS is empty: nobody would be told that a patient asked "
                "for an appointment.",
                hint="Set FRONT_DESK_EMAILS to the front desk's address(es), comma-separated.",
                id="core.E101",
            )
        )
    backend = settings.EMAIL_BACKEND
    if backend in LOCAL_EMAIL_BACKENDS:
        errors.append(
            checks.Error(
                f"The email backend {LOCAL_EMAIL_BACKENDS[backend]} ({backend}): no email "
                "leaves the server.",
                hint="Set EMAIL_URL=smtp+tls://user:password@smtp.provider:587 (a provider "
                "that signs a business associate agreement).",
                id="core.E102",
            )
        )
    elif backend == SMTP_BACKEND and not (settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL):
        errors.append(
            checks.Error(
                "The SMTP connection is not encrypted: staff addresses and the site's "
                "messages would cross the network in clear text.",
                hint="Use smtp+tls:// (STARTTLS, port 587) or smtp+ssl:// (port 465) in EMAIL_URL.",
                id="core.E103",
            )
        )
    return errors


@checks.register(deploy=True)
def check_no_demo_content_is_published(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        counts = published_demo_counts()
    except DatabaseError:  # not migrated yet: nothing is published
        return []
    if not counts:
        return []
    listed = ", ".join(f"{count} {name}" for name, count in counts.items())
    return [
        checks.Error(
            f"Demo content is published ({listed}): example text, people and places, not "
            "the clinic's own.",
            hint="Run `manage.py remove_demo_content` (with --dry-run first to see what "
            "goes), or rewrite each row for the clinic and untick 'demo content'.",
            id="core.E104",
        )
    ]
