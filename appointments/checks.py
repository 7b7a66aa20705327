"""System checks on the retention settings: a mistyped value must stop the site's
commands and the purge, not delete every request (0 or less) or crash the purge (too
many days). Django runs them before `migrate`, `check` and the purge command."""

from django.conf import settings
from django.core import checks

# Ten years: beyond it a value is a typo (and past ~2.7 million days, a crash).
LONGEST_DAYS = 3650
# Longer than a year needs a reason the privacy notice gives (`check --deploy`).
USUAL_LONGEST_DAYS = 365


def retention_settings():
    """(environment variable, value, units per day) of every retention setting."""
    config = settings.APPOINTMENTS
    for status, days in config["RETENTION_DAYS"].items():
        yield f"RETENTION_DAYS_{status.upper()}", days, 1
    yield "RETENTION_MAX_DAYS", config["RETENTION_MAX_DAYS"], 1
    yield "RETENTION_WARNING_DAYS", config["RETENTION_WARNING_DAYS"], 1
    yield "EXPORT_RETENTION_HOURS", config["EXPORT_RETENTION_HOURS"], 24


@checks.register()
def check_retention_settings(app_configs, **kwargs):
    return [
        checks.Error(
            f"{name}={value} is outside the accepted range: no patient data would be kept, "
            "or the purge would fail.",
            hint=f"Set it between 1 and {LONGEST_DAYS * per_day} ({LONGEST_DAYS} days).",
            id="appointments.E001",
        )
        for name, value, per_day in retention_settings()
        if not 1 <= value <= LONGEST_DAYS * per_day
    ]


@checks.register(deploy=True)
def check_retention_is_within_a_year(app_configs, **kwargs):
    return [
        checks.Warning(
            f"{name}={value} keeps patients' data for more than a year.",
            hint="Keep it as short as the clinic's work needs; the privacy notice states it.",
            id="appointments.W001",
        )
        for name, value, per_day in retention_settings()
        # The warning period keeps nothing longer: it is when staff are told.
        if USUAL_LONGEST_DAYS * per_day < value <= LONGEST_DAYS * per_day
        and name != "RETENTION_WARNING_DAYS"
    ]
