"""How long a deleted page's versions are kept: a retention that would purge them at once,
or overflow the date arithmetic of the every-minute sweep, is refused at start-up."""

from django.conf import settings
from django.core import checks

RETENTION_DAYS_RANGE = range(1, 3651)


@checks.register()
def check_deleted_page_retention(app_configs, **kwargs):
    days = settings.DELETED_PAGE_RETENTION_DAYS
    if days in RETENTION_DAYS_RANGE:
        return []
    return [
        checks.Error(
            f"DELETED_PAGE_RETENTION_DAYS is {days}: give between 1 and 3650 days.",
            hint="The versions of deleted pages are kept this long (six years, 2190, by default).",
            id="content_workflow.E002",
        )
    ]
