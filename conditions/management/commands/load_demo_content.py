from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conditions.demo_content import CONDITIONS, TREATMENTS
from conditions.models import Condition, ConditionFAQ, ConditionTreatment, Treatment

# The demo clinicians come from the practice app's own loader, run first; they are
# found here by slug through the relations conditions declare (see README).
DEMO_REVIEWER_SLUG = "dr-maya-okafor"
DEMO_CLINICIANS_BY_REGION = {
    "upper-back": ["dr-maya-okafor", "jordan-lee", "sam-patel"],
    "lower-back": ["dr-maya-okafor", "jordan-lee", "sam-patel"],
    "neck": ["dr-maya-okafor", "sam-patel"],
    "joints": ["dr-maya-okafor", "jordan-lee"],
    "head": ["jordan-lee"],
    "nerves": ["dr-maya-okafor", "jordan-lee"],
}
Clinician = Condition._meta.get_field("clinicians").related_model
CONDITION_FIELDS = (
    "name",
    "body_region",
    "associated_anatomy",
    "summary",
    "overview",
    "causes",
    "symptoms",
    "diagnosis",
    "treatment_approach",
)
TREATMENT_FIELDS = ("name", "summary", "description", "what_to_expect")


def find_page(model, slug):
    """The page with this slug now or before a rename, so staff renames are respected."""
    return model.objects.filter(Q(slug=slug) | Q(slug_redirects__old_slug=slug)).first()


def link_demo_clinicians(condition):
    """The demo clinicians who treat a newly created demo condition."""
    slugs = DEMO_CLINICIANS_BY_REGION.get(condition.body_region, [])
    condition.clinicians.add(*Clinician.objects.filter(slug__in=slugs))


class Command(BaseCommand):
    help = (
        "Load the demo conditions, treatments and FAQs. Creates only pages that do not "
        "exist yet (by slug, old slugs included): running it again duplicates nothing and "
        "never changes a page staff have edited."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        call_command("load_practice_demo", stdout=self.stdout, verbosity=options["verbosity"])
        today = timezone.localdate()
        review = {
            "reviewer": Clinician.objects.filter(slug=DEMO_REVIEWER_SLUG).first(),
            "last_reviewed": today,
            "next_review_due": today + timedelta(days=365),
            "is_published": True,
        }
        created = {"conditions": 0, "treatments": 0}
        treatments = {}
        for position, data in enumerate(TREATMENTS):
            treatment = find_page(Treatment, data["slug"])
            if treatment is None:
                treatment = Treatment.objects.create(
                    slug=data["slug"],
                    sort_order=position,
                    **{field: data[field] for field in TREATMENT_FIELDS},
                    **review,
                )
                created["treatments"] += 1
            treatments[data["slug"]] = treatment

        new_conditions = {}
        conditions = {}
        for position, data in enumerate(CONDITIONS):
            condition = find_page(Condition, data["slug"])
            if condition is None:
                condition = Condition.objects.create(
                    slug=data["slug"],
                    sort_order=position,
                    is_featured=data.get("featured", False),
                    **{field: data[field] for field in CONDITION_FIELDS},
                    **review,
                )
                new_conditions[data["slug"]] = data
                created["conditions"] += 1
            conditions[data["slug"]] = condition

        # Links and FAQs are added only to pages created now, never to existing ones.
        for slug, data in new_conditions.items():
            condition = conditions[slug]
            ConditionTreatment.objects.bulk_create(
                ConditionTreatment(condition=condition, treatment=treatments[t], sort_order=i)
                for i, t in enumerate(data["treatments"])
            )
            ConditionFAQ.objects.bulk_create(
                ConditionFAQ(condition=condition, question=q, answer=a, sort_order=i)
                for i, (q, a) in enumerate(data["faqs"])
            )
            condition.related_conditions.add(*(conditions[r] for r in data["related"]))
            link_demo_clinicians(condition)

        self.stdout.write(
            f"Demo content: created {created['conditions']} conditions and "
            f"{created['treatments']} treatments "
            f"({len(CONDITIONS) - created['conditions']} conditions and "
            f"{len(TREATMENTS) - created['treatments']} treatments were already there)."
        )
