"""Deploy checks: demo content must not stay on a live site unnoticed."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from .demo_content import DEMO_REVIEWER
from .models import published_pages_credited_to


@checks.register(deploy=True)
def check_no_demo_content_is_published(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        demo_pages = published_pages_credited_to(is_demo=True)
        example_reviews = published_pages_credited_to(reviewed_by=DEMO_REVIEWER)
    except DatabaseError:  # not migrated yet: nothing is published
        return []
    warnings = []
    if demo_pages:
        warnings.append(
            checks.Warning(
                f"{demo_pages} demo page(s) are published: example text, not written or "
                "checked for this clinic.",
                hint="Rewrite and review each one, then untick 'demo content', or unpublish it.",
                id="conditions.W001",
            )
        )
    if example_reviews:
        warnings.append(
            checks.Warning(
                f"{example_reviews} published page(s) name {DEMO_REVIEWER!r} as their "
                "medical reviewer.",
                hint="Have a clinician review each page and put their name under 'reviewed by'.",
                id="conditions.W002",
            )
        )
    return warnings
