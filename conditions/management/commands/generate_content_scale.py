"""Fictional conditions and treatments in bulk, to try the site at a chosen size.

    manage.py generate_content_scale --conditions 1000 --treatments 300 --hub-links 500

Every page it makes has a slug starting "scale-"; running it again replaces them. The text
is made up from a fixed seed, so two runs give the same site. The first treatment
(`HUB_TREATMENT_SLUG`) is linked from `--hub-links` conditions, as a common treatment is.
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from conditions.models import (
    BodyRegion,
    Condition,
    ConditionFAQ,
    ConditionTreatment,
    Treatment,
)
from core import pagecache
from core.markdown import rendered

SLUG_PREFIX = "scale-"
HUB_TREATMENT_SLUG = f"{SLUG_PREFIX}treatment-1"
# A word that only one generated condition holds (for a rare-word search).
RARE_WORD = "quillback"
SEED = 20
WORDS = [
    "ache",
    "stiffness",
    "nerve",
    "muscle",
    "joint",
    "tendon",
    "posture",
    "strain",
    "movement",
    "rest",
    "sleep",
    "walking",
    "sitting",
    "lifting",
    "morning",
    "evening",
    "swelling",
    "warmth",
    "tingling",
    "numbness",
    "weakness",
    "gentle",
    "exercise",
    "stretch",
    "daily",
    "routine",
    "spine",
    "shoulder",
    "knee",
    "hip",
    "ankle",
    "wrist",
    "elbow",
    "pressure",
    "comfort",
    "balance",
    "strength",
    "recovery",
    "plan",
    "review",
    "specialist",
    "therapy",
    "session",
    "week",
    "month",
]
BATCH = 500


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraphs(rng, count=2):
    return "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(count))


class Command(BaseCommand):
    help = "Make fictional published conditions and treatments in bulk (slugs 'scale-...')."

    def add_arguments(self, parser):
        parser.add_argument("--conditions", type=int, default=1000)
        parser.add_argument("--treatments", type=int, default=300)
        parser.add_argument(
            "--hub-links",
            type=int,
            default=500,
            help=f"How many conditions list the first treatment ({HUB_TREATMENT_SLUG}).",
        )

    @transaction.atomic
    def handle(self, *args, conditions, treatments, hub_links, **options):
        rng = random.Random(SEED)  # noqa: S311 (made-up text, not secrets)
        Condition.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Treatment.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        live = {
            "is_published": True,
            "publish_at": timezone.now() - timedelta(days=1),
            "reviewed_by": "Dr. Example Reviewer, MD",
            "last_reviewed": timezone.localdate() - timedelta(days=30),
            "next_review_due": timezone.localdate() + timedelta(days=335),
        }
        made_treatments = Treatment.objects.bulk_create(
            rendered(
                Treatment(
                    name=f"Sample treatment {number}",
                    slug=f"{SLUG_PREFIX}treatment-{number}",
                    summary=sentence(rng),
                    description=paragraphs(rng),
                    what_to_expect=paragraphs(rng, 1),
                    sort_order=1000 + number,
                    **live,
                )
                for number in range(1, treatments + 1)
            ),
            batch_size=BATCH,
        )
        regions = list(BodyRegion.values)
        made_conditions = Condition.objects.bulk_create(
            rendered(
                Condition(
                    name=f"Sample condition {number}",
                    slug=f"{SLUG_PREFIX}condition-{number}",
                    body_region=regions[number % len(regions)],
                    summary=sentence(rng),
                    overview=paragraphs(rng) + (f" {RARE_WORD}." if number == conditions else ""),
                    causes="\n".join(f"- {sentence(rng, 6)}" for _ in range(4)),
                    symptoms=paragraphs(rng, 1),
                    diagnosis=paragraphs(rng, 1),
                    treatment_approach=paragraphs(rng, 1),
                    sort_order=1000 + number,
                    **live,
                )
                for number in range(1, conditions + 1)
            ),
            batch_size=BATCH,
        )
        links = []
        for index, condition in enumerate(made_conditions):
            chosen = rng.sample(made_treatments[1:], min(3, len(made_treatments) - 1))
            if index < hub_links and made_treatments:
                chosen = [made_treatments[0], *chosen]
            links += [
                ConditionTreatment(condition=condition, treatment=treatment, sort_order=order)
                for order, treatment in enumerate(chosen)
            ]
        ConditionTreatment.objects.bulk_create(links, batch_size=BATCH)
        ConditionFAQ.objects.bulk_create(
            rendered(
                ConditionFAQ(
                    condition=condition,
                    question=f"{sentence(rng, 6)[:-1]}?",
                    answer=paragraphs(rng, 1),
                    sort_order=order,
                )
                for condition in made_conditions
                for order in range(2)
            ),
            batch_size=BATCH,
        )
        Related = Condition.related_conditions.through
        pairs = {
            (condition.pk, other.pk)
            for condition in made_conditions
            for other in rng.sample(made_conditions, min(3, len(made_conditions)))
            if other.pk != condition.pk
        }
        # The relation is symmetrical: store each pair both ways, as .add() would.
        pairs |= {(b, a) for a, b in pairs}
        Related.objects.bulk_create(
            (Related(from_condition_id=a, to_condition_id=b) for a, b in pairs),
            batch_size=BATCH,
        )
        # Bulk inserts send no signals: retire the cached pages here.
        transaction.on_commit(pagecache.invalidate)
        self.stdout.write(
            f"Made {len(made_conditions)} conditions and {len(made_treatments)} treatments; "
            f"{HUB_TREATMENT_SLUG} is listed by {min(hub_links, len(made_conditions))}."
        )
