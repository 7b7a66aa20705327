from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from conditions.demo_content import CONDITIONS, SPANISH, TREATMENTS
from conditions.models import Condition, ConditionFAQ, ConditionTreatment, Treatment
from core import pagecache
from core.markdown import rebuild_rendered_html, rendered
from core.models import DemoContentLoad
from practice.models import Clinician

# The demo clinicians come from the practice app's own loader, run first; they are
# found here by slug.
DEMO_REVIEWER_SLUG = "dr-maya-okafor"
DEMO_CLINICIANS_BY_REGION = {
    "upper-back": ["dr-maya-okafor", "jordan-lee", "sam-patel"],
    "lower-back": ["dr-maya-okafor", "jordan-lee", "sam-patel"],
    "neck": ["dr-maya-okafor", "sam-patel"],
    "joints": ["dr-maya-okafor", "jordan-lee"],
    "head": ["jordan-lee"],
    "nerves": ["dr-maya-okafor", "jordan-lee"],
}

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


def load_conditions_and_treatments():
    """Create the demo treatments, then the conditions with their links and FAQs."""
    today = timezone.localdate()
    reviewer = Clinician.objects.filter(slug=DEMO_REVIEWER_SLUG).first()
    shared = {
        "is_demo": True,
        "is_published": True,
        "reviewer": reviewer,
        "reviewer_credentials": reviewer.credentials if reviewer else "",
        "last_reviewed": today,
        "next_review_due": today + timedelta(days=365),
    }
    treatments = {
        data["slug"]: Treatment.objects.create(
            slug=data["slug"],
            sort_order=position,
            **{field: data[field] for field in TREATMENT_FIELDS},
            **shared,
        )
        for position, data in enumerate(TREATMENTS)
    }
    conditions = {
        data["slug"]: Condition.objects.create(
            slug=data["slug"],
            sort_order=position,
            is_featured=data.get("featured", False),
            **{field: data[field] for field in CONDITION_FIELDS},
            **shared,
        )
        for position, data in enumerate(CONDITIONS)
    }
    for data in CONDITIONS:
        condition = conditions[data["slug"]]
        ConditionTreatment.objects.bulk_create(
            ConditionTreatment(condition=condition, treatment=treatments[slug], sort_order=i)
            for i, slug in enumerate(data["treatments"])
        )
        ConditionFAQ.objects.bulk_create(
            rendered(
                ConditionFAQ(condition=condition, question=q, answer=a, sort_order=i)
                for i, (q, a) in enumerate(data["faqs"])
            )
        )
        condition.related_conditions.add(*(conditions[slug] for slug in data["related"]))
        slugs = DEMO_CLINICIANS_BY_REGION.get(condition.body_region, [])
        condition.clinicians.add(*Clinician.objects.filter(slug__in=slugs))
    translated = add_spanish(conditions, treatments)
    return (
        f"{len(conditions)} conditions and {len(treatments)} treatments, "
        f"{translated} of them in Spanish too"
    )


def add_spanish(conditions, treatments):
    """The Spanish demo text, on the demo pages it was written for. FAQs are matched by
    their English question."""
    english_faqs = {data["slug"]: data["faqs"] for data in CONDITIONS}
    translated = 0
    for pages, texts in (
        (treatments, SPANISH["treatments"]),
        (conditions, SPANISH["conditions"]),
    ):
        for slug, text in texts.items():
            page = pages[slug]
            fields = {f"{name}_es": value for name, value in text.items() if name != "faqs"}
            type(page).objects.filter(pk=page.pk).update(**fields)
            for (question, _answer), (question_es, answer_es) in zip(
                english_faqs.get(slug, []), text.get("faqs", []), strict=True
            ):
                page.faqs.filter(question_en=question).update(
                    question_es=question_es, answer_es=answer_es
                )
            translated += 1
    # Updates call no save(): the Spanish HTML is made here.
    for model in (Treatment, Condition, ConditionFAQ):
        rebuild_rendered_html(model.objects.all())
    # Updates send no signals: retire cached pages once the text is committed.
    transaction.on_commit(pagecache.invalidate)
    return translated


def load_practice():
    """The demo clinicians, locations, insurance plans and practice pages (practice app)."""
    call_command("load_practice_demo", verbosity=0)
    return "clinicians, locations, insurance plans and practice pages"


class Command(BaseCommand):
    help = (
        "Load the demo content into a new site, once. Each set is loaded only if the site "
        "has none of that kind yet, and never again after (`make run` calls this every "
        "time): what staff deleted or changed stays deleted or changed. Demo pages are "
        "marked as demo content until staff untick it."
    )

    # (name recorded once dealt with, the model that must be empty, the loader).
    # The practice first: the demo conditions name its clinicians.
    demo_sets = (
        ("practice", Clinician, load_practice),
        ("conditions", Condition, load_conditions_and_treatments),
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if DemoContentLoad.objects.filter(name=DemoContentLoad.REMOVED).exists():
            self.stdout.write("Demo content: removed from this site; not loaded again.")
            return
        for name, model, load in self.demo_sets:
            if DemoContentLoad.objects.filter(name=name).exists():
                self.stdout.write(f"Demo {name}: loaded before; not loaded again.")
                continue
            DemoContentLoad.objects.create(name=name)
            if model.objects.exists():
                self.stdout.write(f"Demo {name}: not loaded, the site has its own.")
                continue
            self.stdout.write(f"Demo {name}: loaded {load()}.")
