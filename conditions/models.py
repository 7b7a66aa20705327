import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from model_utils import FieldTracker

from core.images import WithImage
from core.markdown import MARKDOWN_HELP, RenderedMarkdown
from core.publishing import MedicallyReviewed, Publishable, PublishedQuerySet, SearchEngineFields
from core.text import MultilineTextField

from . import search

# What a card (templates/components/cards.html) needs from a page.
CARD_FIELDS = ("name", "slug", "summary")


class BodyRegion(models.TextChoices):
    HEAD = "head", _("Head and face")
    NECK = "neck", _("Neck and shoulders")
    UPPER_BACK = "upper-back", _("Upper and middle back")
    LOWER_BACK = "lower-back", _("Lower back, hips and legs")
    JOINTS = "joints", _("Joints")
    NERVES = "nerves", _("Nerves and whole body")


class ContentQuerySet(PublishedQuerySet):
    def cards(self):
        """Only what a card shows (components/cards.html): its name, summary and link."""
        return self.only(*CARD_FIELDS)

    def search(self, terms):
        """Pages that match every term; name matches first.

        On PostgreSQL: full-text search (stemmed words, from a GIN index) or a name spelled
        nearly like the query (trigrams). Elsewhere: every term within a field's text.
        """
        if connections[self.db].vendor == "postgresql":
            text = " ".join(terms)
            matches = Q(search_vector=search.query(text)) | Q(search.name_like(text))
            found = self
        else:
            matches, found = Q(), self
            for term in terms:
                matches &= Q(
                    *(Q(**{f"{field}__icontains": term}) for field in self.model.SEARCH_FIELDS),
                    _connector=Q.OR,
                )
        # The name in the page's language: django-modeltranslation rewrites filters, not
        # the conditions of an annotation.
        name = search.localized("name")
        name_hit = Q(*(Q(**{f"{name}__icontains": term}) for term in terms), _connector=Q.OR)
        return (
            found.filter(matches)
            .annotate(
                name_rank=models.Case(
                    models.When(name_hit, then=0), default=1, output_field=models.IntegerField()
                )
            )
            .order_by("name_rank", "sort_order", "name")
        )


class ContentPage(RenderedMarkdown, Publishable, SearchEngineFields, WithImage, MedicallyReviewed):
    """What condition and treatment pages share: identity, publishing, SEO, image, review."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=(
            "The page's web address (letters, numbers and hyphens). Changing it later is "
            "safe: the old address keeps working and forwards to the new one."
        ),
    )
    # The page's words for full-text search, kept by a trigger on PostgreSQL
    # (conditions/search.py); empty on other databases.
    search_vector = SearchVectorField(null=True, editable=False)
    # A string reference: the clinicians' app is never imported here (see README).
    reviewer = models.ForeignKey(
        "practice.Clinician",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_%(class)ss",
        help_text="The clinician who checked this page. Shown on the page, linked to their profile.",
    )

    objects = ContentQuerySet.as_manager()

    REQUIRED_ALT_FIELD = "image_alt_en"  # django-modeltranslation's column (translation.py)

    # Drafts and versions (content_workflow): the rows edited with the page, and the
    # fields an editor may publish without a clinician, for conditions and treatments
    # alike (a name a page does not have is ignored). Everything else is medical, in
    # every language: the search-engine description and the image's description too,
    # which patients read in search results and screen readers (issue 26).
    REVISION_INLINES = {}
    NON_MEDICAL_FIELDS = (
        "seo_title",
        "slug",
        "image",
        "sort_order",
        "is_featured",
        "publish_at",
        "clinicians",
    )

    class Meta(WithImage.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def save(self, *args, **kwargs):
        # The slug as loaded (`tracker`, declared on each concrete page model).
        loaded_slug = self.tracker.previous("slug")
        super().save(*args, **kwargs)
        if loaded_slug and loaded_slug != self.slug:
            self.slug_redirects.model.objects.update_or_create(
                old_slug=loaded_slug, defaults={"page": self}
            )
        # A page that takes back an old address no longer needs the redirect.
        self.slug_redirects.model.objects.filter(old_slug=self.slug).delete()
        if self.is_published:  # nor, once published, a deleted page's "gone" answer
            RemovedPage.objects.filter(kind=self._meta.model_name, slug=self.slug).delete()

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})


class Treatment(ContentPage):
    SEARCH_FIELDS = ("name", "summary", "description", "what_to_expect")
    MARKDOWN_FIELDS = ("description", "what_to_expect")

    summary = models.CharField(
        max_length=200,
        help_text="One or two sentences shown in lists of treatments (up to 200 characters).",
    )
    description = MultilineTextField(
        help_text="What the treatment is and who it may help. " + MARKDOWN_HELP
    )
    what_to_expect = MultilineTextField(
        blank=True, help_text="Before, during and after the treatment. " + MARKDOWN_HELP
    )

    tracker = FieldTracker(fields=["image", "slug"])

    class Meta(ContentPage.Meta):
        pass

    url_name = "conditions:treatment_detail"


class Condition(ContentPage):
    SEARCH_FIELDS = (
        "name",
        "summary",
        "overview",
        "causes",
        "symptoms",
        "diagnosis",
        "treatment_approach",
    )
    MARKDOWN_FIELDS = ("overview", "causes", "symptoms", "diagnosis", "treatment_approach")

    summary = models.CharField(
        max_length=160,
        help_text=("One sentence shown on cards and in search results (up to 160 characters)."),
    )
    body_region = models.CharField(
        max_length=20,
        choices=BodyRegion,
        help_text="Where in the body; the conditions page is grouped by this.",
    )
    associated_anatomy = models.CharField(
        max_length=100,
        blank=True,
        help_text="Optional. The part of the body involved, e.g. 'Thoracic spine' (for search engines).",
    )
    overview = MultilineTextField(
        "introduction", help_text="What the condition is and how it feels. " + MARKDOWN_HELP
    )
    causes = MultilineTextField(blank=True, help_text=MARKDOWN_HELP)
    symptoms = MultilineTextField(blank=True, help_text=MARKDOWN_HELP)
    diagnosis = MultilineTextField(
        "when to see a specialist",
        blank=True,
        help_text="When to see a specialist, how it is diagnosed, and warning signs. "
        + MARKDOWN_HELP,
    )
    treatment_approach = MultilineTextField("how we treat it", blank=True, help_text=MARKDOWN_HELP)
    treatments = models.ManyToManyField(
        Treatment, through="ConditionTreatment", related_name="conditions", blank=True
    )
    related_conditions = models.ManyToManyField("self", blank=True)
    clinicians = models.ManyToManyField(
        "practice.Clinician",
        blank=True,
        related_name="conditions_treated",
        verbose_name="clinicians who treat it",
        help_text="Listed on the page under “Clinicians who treat this condition”.",
    )
    is_featured = models.BooleanField("featured on the home page", default=False)

    REVISION_INLINES = {
        "condition_treatments": ("treatment", "sort_order"),
        "faqs": ("question", "answer", "sort_order"),
    }

    tracker = FieldTracker(fields=["image", "slug"])

    class Meta(ContentPage.Meta):
        pass

    url_name = "conditions:condition_detail"


class ConditionTreatment(models.Model):
    """A treatment offered for a condition, in the order the condition page lists them."""

    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="condition_treatments"
    )
    treatment = models.ForeignKey(
        Treatment, on_delete=models.CASCADE, related_name="condition_treatments"
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "treatment offered"
        verbose_name_plural = "treatments offered"
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "treatment"],
                name="conditions_treatment_listed_once",
                violation_error_message="This treatment is already listed for the condition.",
            )
        ]

    def __str__(self):
        return f"{self.treatment} for {self.condition}"


class ConditionFAQ(RenderedMarkdown):
    MARKDOWN_FIELDS = ("answer",)

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = MultilineTextField(help_text=MARKDOWN_HELP)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "frequently asked question"

    def __str__(self):
        return self.question


class SlugRedirect(models.Model):
    """An old address of a page, kept when its slug changes, answered with a 301."""

    old_slug = models.SlugField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.old_slug} → {self.page.slug}"


class ConditionSlugRedirect(SlugRedirect):
    page = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="slug_redirects")


class TreatmentSlugRedirect(SlugRedirect):
    page = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="slug_redirects")


def validate_local_path(value):
    # One leading slash (not "//host" or "/\\host", which browsers take for another
    # site), no spaces or line breaks.
    if not re.fullmatch(r"/(?![/\\])[^\s\\]*", value):
        raise ValidationError(
            "Give an address on this website, starting with “/”, e.g. /conditions/neck-pain/."
        )


class RemovedPage(models.Model):
    """The address of a deleted published page (its own and its old ones): it answers
    410 Gone, or forwards to `redirect_to`, until a new page takes it and is published.
    Deleting demo content leaves none (remember_addresses)."""

    kind = models.CharField(
        max_length=20, choices=[("condition", "condition"), ("treatment", "treatment")]
    )
    slug = models.SlugField(max_length=120)
    name = models.CharField(max_length=120, help_text="The page's name when it was deleted.")
    removed_at = models.DateTimeField(auto_now_add=True)
    redirect_to = models.CharField(
        "send visitors to",
        max_length=200,
        blank=True,
        validators=[validate_local_path],
        help_text=(
            "Optional. An address on this website for visitors of the old one, e.g. "
            "/conditions/neck-pain/. Left empty, they are told the page was removed."
        ),
    )

    class Meta:
        ordering = ["-removed_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="conditions_removed_page_once")
        ]

    def __str__(self):
        return f"{self.name} ({self.kind}: {self.slug})"


def remember_addresses(sender, instance, **kwargs):
    """Signal receiver, before a published page is deleted (with its old addresses): keep
    its addresses as removed pages. Demo content leaves none behind."""
    if not instance.is_published or instance.is_demo:
        return
    slugs = [instance.slug, *instance.slug_redirects.values_list("old_slug", flat=True)]
    RemovedPage.objects.bulk_create(
        [
            RemovedPage(kind=sender._meta.model_name, slug=slug, name=instance.name)
            for slug in slugs
        ],
        ignore_conflicts=True,
    )


def next_scheduled_publication():
    """When the next published-but-future page goes live (ends a page-cache generation)."""
    now = timezone.now()
    upcoming = (
        Condition.objects.filter(is_published=True, publish_at__gt=now)
        .order_by()
        .values_list("publish_at", flat=True)
        .union(
            Treatment.objects.filter(is_published=True, publish_at__gt=now)
            .order_by()
            .values_list("publish_at", flat=True)
        )
        .order_by("publish_at")[:1]
    )
    return next(iter(upcoming), None)


def published_pages_credited_to(*conditions, **filters):
    """How many condition and treatment pages the public sees that match the filters."""
    return (
        Condition.objects.published()
        .filter(*conditions, **filters)
        .order_by()
        .values_list("pk", flat=True)
        .union(
            Treatment.objects.published()
            .filter(*conditions, **filters)
            .order_by()
            .values_list("pk", flat=True),
            all=True,
        )
        .count()
    )
