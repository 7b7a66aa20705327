"""Deploy checks: pages must not credit an example reviewer on a live site (published
demo content of every kind is core's check)."""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.db.models import Q

from .demo_content import DEMO_REVIEWER
from .models import published_pages_credited_to


@checks.register(deploy=True)
def check_no_page_credits_an_example_reviewer(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
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
    if not example_reviews:
        return []
    return [
        checks.Warning(
            f"{example_reviews} published page(s) name an example reviewer (a demo "
            f"clinician, or {DEMO_REVIEWER!r}) as their medical reviewer.",
            hint="Have one of your clinicians review each page and choose them as its reviewer.",
            id="conditions.W002",
        )
    ]
