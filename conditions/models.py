from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.images import WithImage
from core.markdown import RenderedMarkdown
from core.publishing import MedicallyReviewed, Publishable, PublishedQuerySet, SearchEngineFields

from . import search

MARKDOWN_HELP = (
    "Plain text. Leave a blank line between paragraphs; start lines with '- ' for a "
    "bulleted list; **double asterisks** make text bold. HTML is not allowed and is removed."
)


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

    # Drafts and versions (content_workflow): the rows edited with the page, and the
    # fields an editor may publish without a clinician. Everything else is medical.
    REQUIRED_ALT_FIELD = "image_alt_en"  # django-modeltranslation's column (translation.py)

    REVISION_INLINES = {}
    NON_MEDICAL_FIELDS = (
        "slug",
        "seo_title",
        "seo_description",
        "image",
        "image_alt",
        "is_published",
        "publish_at",
        "sort_order",
        "is_demo",
    )

    class Meta(WithImage.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def save(self, *args, **kwargs):
        loaded_slug = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if loaded_slug and loaded_slug != self.slug:
            self.slug_redirects.model.objects.update_or_create(
                old_slug=loaded_slug, defaults={"page": self}
            )
        # A page that takes back an old address no longer needs the redirect.
        self.slug_redirects.model.objects.filter(old_slug=self.slug).delete()
        self._loaded_slug = self.slug

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember what was loaded, so save() can tell a renamed slug.
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance


class Treatment(ContentPage):
    SEARCH_FIELDS = ("name", "summary", "description", "what_to_expect")
    MARKDOWN_FIELDS = ("description", "what_to_expect")

    summary = models.CharField(
        max_length=200,
        help_text="One or two sentences shown in lists of treatments (up to 200 characters).",
    )
    description = models.TextField(
        help_text="What the treatment is and who it may help. " + MARKDOWN_HELP
    )
    what_to_expect = models.TextField(
        blank=True, help_text="Before, during and after the treatment. " + MARKDOWN_HELP
    )

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
    overview = models.TextField(
        "introduction", help_text="What the condition is and how it feels. " + MARKDOWN_HELP
    )
    causes = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    symptoms = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    diagnosis = models.TextField(
        "when to see a specialist",
        blank=True,
        help_text="When to see a specialist, how it is diagnosed, and warning signs. "
        + MARKDOWN_HELP,
    )
    treatment_approach = models.TextField("how we treat it", blank=True, help_text=MARKDOWN_HELP)
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
    NON_MEDICAL_FIELDS = (
        *ContentPage.NON_MEDICAL_FIELDS,
        "is_featured",
        "related_conditions",
        "clinicians",
    )

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
    answer = models.TextField(help_text=MARKDOWN_HELP)
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
