"""What every kind of public content shares: publishing, search-engine fields, review.

One definition of `published()` for conditions, treatments, clinicians, locations,
insurance plans and site pages. Core knows no app: a model with `MedicallyReviewed`
declares its own `reviewer` foreign key to whoever reviews it.
"""

from collections import Counter

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import IntegerField, Q, Value
from django.utils import timezone


class PublishedQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: marked published, with a publish time already passed
        (at `now`, by default the present moment). Publishable.is_live states the same
        rule for one page already loaded; a test holds the two together."""
        return self.filter(is_published=True, publish_at__lte=now or timezone.now())

    def needs_review(self):
        """Pages never medically reviewed, or whose next review date has passed."""
        return self.filter(
            Q(next_review_due__isnull=True) | Q(next_review_due__lt=timezone.localdate())
        )


class Publishable(models.Model):
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Tick to show this page on the website (from the publish time below).",
    )
    publish_at = models.DateTimeField(
        "publish from",
        default=timezone.now,
        help_text="The page appears on the website from this moment, if it is also ticked as published.",
    )
    sort_order = models.PositiveIntegerField(default=0, help_text="Lower numbers are listed first.")
    is_demo = models.BooleanField(
        "demo content",
        default=False,
        help_text=(
            "Example text from the installer, not written or checked for this clinic. "
            "Untick once a clinician has rewritten and reviewed the page."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def is_live(self):
        """Whether published() includes this page now (the same rule, for one page)."""
        return self.is_published and self.publish_at <= timezone.now()


class SearchEngineFields(models.Model):
    """A title and description for search results, falling back to the name and summary."""

    seo_title = models.CharField(
        "search engine title",
        max_length=70,
        blank=True,
        help_text="Optional. The title shown in search results; the name is used if empty.",
    )
    seo_description = models.CharField(
        "search engine description",
        max_length=160,
        blank=True,
        help_text="Optional. The text under the title in search results; the summary is used if empty.",
    )

    class Meta:
        abstract = True

    @property
    def title(self):
        return self.seo_title or self.name

    @property
    def meta_description(self):
        return self.seo_description or self.summary


class MedicallyReviewed(models.Model):
    """Who checked a page and when. Subclasses declare `reviewer`, a foreign key to the
    clinician who reviewed it; `reviewed_by` names a reviewer who is not on the team."""

    # Copied from the clinician's profile at their sign-off: the page credits them as they
    # were when they approved it, whatever their profile says later.
    reviewer_credentials = models.CharField(
        "reviewer's credentials when they reviewed it",
        max_length=100,
        blank=True,
        help_text="Recorded with the clinician's sign-off; shown after their name.",
    )

    reviewed_by = models.CharField(
        "reviewer not on our team",
        max_length=150,
        blank=True,
        help_text=(
            "Only if the reviewer is not one of our clinicians: their name and "
            "credentials, e.g. 'Dr. Ana Ruiz, MD'."
        ),
    )
    last_reviewed = models.DateField("last medically reviewed", null=True, blank=True)
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When this page should next be checked by a clinician (usually a year on).",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        if self.last_reviewed and not (self.reviewer_id or self.reviewed_by.strip()):
            errors["reviewer"] = "Say who reviewed the page when you give a review date."
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "The review date cannot be in the future."
        if (
            self.last_reviewed
            and self.next_review_due
            and self.next_review_due <= self.last_reviewed
        ):
            errors["next_review_due"] = "The next review must come after the last one."
        if errors:
            raise ValidationError(errors)

    @property
    def reviewer_credit(self):
        """The reviewer as the page names them: 'Dr. Maya Okafor, MD' (a clinician, with
        the credentials of their sign-off), or the reviewer from outside the team."""
        if not self.reviewer_id:
            return self.reviewed_by
        name = self.reviewer.name
        return f"{name}, {self.reviewer_credentials}" if self.reviewer_credentials else name

    @property
    def review_overdue(self):
        return self.next_review_due is None or self.next_review_due < timezone.localdate()


def demo_models():
    """Every model of public content (built on Publishable), each with its demo flag."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def published_demo_counts():
    """How many demo rows of each kind the public sees, {verbose_name_plural: count},
    in one query (a union over every kind)."""
    kinds = demo_models()
    live_demo = [
        model.objects.published()
        .filter(is_demo=True)
        .order_by()
        .values_list(Value(index, output_field=IntegerField()))
        for index, model in enumerate(kinds)
    ]
    first, *rest = live_demo
    counts = Counter(index for (index,) in first.union(*rest, all=True))
    return {kinds[index]._meta.verbose_name_plural: counts[index] for index in sorted(counts)}
