"""System checks for a configuration that would quietly misbehave under gunicorn."""

from django.conf import settings
from django.core import checks

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
