from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conditions.demo_content import CONDITIONS, SPANISH, TREATMENTS
from conditions.models import Condition, ConditionFAQ, ConditionTreatment, Treatment
from core import pagecache

DEMO_REVIEWER = "Dr. Sam Rivera, MD (example reviewer)"
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


class Command(BaseCommand):
    help = (
        "Load the demo conditions, treatments and FAQs. Creates only pages that do not "
        "exist yet (by slug, old slugs included): running it again duplicates nothing and "
        "never changes a page staff have edited."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        review = {
            "reviewed_by": DEMO_REVIEWER,
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

        translated = self.add_spanish(conditions, treatments)

        self.stdout.write(
            f"Demo content: created {created['conditions']} conditions and "
            f"{created['treatments']} treatments "
            f"({len(CONDITIONS) - created['conditions']} conditions and "
            f"{len(TREATMENTS) - created['treatments']} treatments were already there); "
            f"Spanish text added to {translated} pages."
        )

    @staticmethod
    def add_spanish(conditions, treatments):
        """The Spanish demo text, on pages that have no Spanish name yet: a page staff
        have translated is left as it is. FAQs are matched by their English question."""
        english_faqs = {data["slug"]: data["faqs"] for data in CONDITIONS}
        translated = 0
        for pages, texts in (
            (treatments, SPANISH["treatments"]),
            (conditions, SPANISH["conditions"]),
        ):
            for slug, text in texts.items():
                page = pages[slug]
                if page.name_es:
                    continue
                fields = {f"{name}_es": value for name, value in text.items() if name != "faqs"}
                type(page).objects.filter(pk=page.pk).update(**fields)
                for (question, _answer), (question_es, answer_es) in zip(
                    english_faqs.get(slug, []), text.get("faqs", []), strict=True
                ):
                    page.faqs.filter(question_en=question, question_es=None).update(
                        question_es=question_es, answer_es=answer_es
                    )
                translated += 1
        if translated:
            # Updates send no signals: retire cached pages once the text is committed.
            transaction.on_commit(pagecache.invalidate)
        return translated
