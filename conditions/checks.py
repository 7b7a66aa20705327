"""Deploy checks: demo content must not stay on a live site unnoticed."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.db.models import Q

from .demo_content import DEMO_REVIEWER
from .models import published_pages_credited_to


@checks.register(deploy=True)
def check_no_demo_content_is_published(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        demo_pages = published_pages_credited_to(is_demo=True)
        # The example reviewer: a demo clinician, the old example reviewer's name, or the
        # clinician made from that name when reviewers became clinicians (migration 0004).
        name, _, credentials = (part.strip() for part in DEMO_REVIEWER.partition(","))
        example_reviews = published_pages_credited_to(
            Q(reviewed_by=DEMO_REVIEWER)
            | Q(reviewer__name=name, reviewer__credentials=credentials)
            | Q(reviewer__is_demo=True)
        )
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
                f"{example_reviews} published page(s) name an example reviewer (a demo "
                f"clinician, or {DEMO_REVIEWER!r}) as their medical reviewer.",
                hint="Have one of your clinicians review each page and choose them as its reviewer.",
                id="conditions.W002",
            )
        )
    return warnings
