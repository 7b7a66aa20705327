from datetime import time, timedelta

import holidays
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.markdown import rendered
from practice import demo_content
from practice.models import (
    Clinician,
    InsurancePlan,
    Location,
    OpeningHours,
    SitePage,
    SitePageQuestion,
    SpecialHours,
)

LOCATION_FIELDS = (
    "name",
    "summary",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "phone",
    "parking",
    "transit",
    "accessibility",
)
CLINICIAN_FIELDS = (
    "name",
    "credentials",
    "role",
    "summary",
    "specialties",
    "languages",
    "bio",
    "accepting_new_patients",
)


def next_holidays(today, weekdays, count):
    """The next `count` US federal holidays from `today` on that fall on one of
    `weekdays` (Monday is 0), as (date, name), from the `holidays` library."""
    federal = holidays.country_holidays("US", years=range(today.year, today.year + 2))
    coming = sorted(day for day in federal if day >= today and day.weekday() in weekdays)
    return [(day, federal[day]) for day in coming[:count]]


class Command(BaseCommand):
    help = (
        "Load the demo clinicians, locations, insurance plans and practice pages. Creates "
        "only what does not exist yet (by slug or name): running it again duplicates "
        "nothing and never changes what staff have edited."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        created = {"locations": 0, "clinicians": 0, "plans": 0, "pages": 0}
        locations = {}
        for position, data in enumerate(demo_content.LOCATIONS):
            location, new = Location.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "sort_order": position,
                    "is_published": True,
                    "is_demo": True,
                    **{field: data[field] for field in LOCATION_FIELDS},
                },
            )
            if new:
                OpeningHours.objects.bulk_create(
                    OpeningHours(
                        location=location,
                        weekday=weekday,
                        opens=time.fromisoformat(opens),
                        closes=time.fromisoformat(closes),
                    )
                    for weekday, opens, closes in data["hours"]
                )
                if data["slug"] == demo_content.HOLIDAY_CLOSURES["location"]:
                    open_days = {weekday for weekday, _, _ in data["hours"]}
                    SpecialHours.objects.bulk_create(
                        SpecialHours(location=location, date=day, note=name)
                        for day, name in next_holidays(
                            timezone.localdate(), open_days, demo_content.HOLIDAY_CLOSURES["count"]
                        )
                    )
                created["locations"] += 1
            locations[data["slug"]] = location

        for position, data in enumerate(demo_content.CLINICIANS):
            clinician, new = Clinician.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "sort_order": position,
                    "is_published": True,
                    "is_demo": True,
                    **{field: data[field] for field in CLINICIAN_FIELDS},
                },
            )
            if new:
                clinician.locations.set(locations[slug] for slug in data["locations"])
                created["clinicians"] += 1

        for position, (name, notes) in enumerate(demo_content.INSURANCE_PLANS):
            _, new = InsurancePlan.objects.get_or_create(
                name=name,
                defaults={
                    "notes": notes,
                    "sort_order": position,
                    "is_published": True,
                    "is_demo": True,
                },
            )
            created["plans"] += new

        reviewer = Clinician.objects.get(slug=demo_content.SITE_PAGE_REVIEWER)
        today = timezone.localdate()
        for position, data in enumerate(demo_content.SITE_PAGES):
            page, new = SitePage.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "summary": data["summary"],
                    "body": data["body"],
                    "show_in": data["show_in"],
                    "sort_order": position,
                    "is_published": True,
                    "is_demo": True,
                    "reviewer": reviewer,
                    "reviewer_credentials": reviewer.credentials,
                    "last_reviewed": today,
                    "next_review_due": today + timedelta(days=365),
                },
            )
            if new:
                SitePageQuestion.objects.bulk_create(
                    rendered(
                        SitePageQuestion(page=page, question=q, answer=a, sort_order=i)
                        for i, (q, a) in enumerate(data["questions"])
                    )
                )
                created["pages"] += 1

        self.stdout.write(
            "Demo practice: created {locations} locations, {clinicians} clinicians, "
            "{plans} insurance plans and {pages} practice pages.".format(**created)
        )
