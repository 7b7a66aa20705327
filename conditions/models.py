from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .images import delete_renditions, make_renditions, validate_image_upload

MARKDOWN_HELP = (
    "Plain text. Leave a blank line between paragraphs; start lines with '- ' for a "
    "bulleted list; **double asterisks** make text bold. HTML is not allowed and is removed."
)


# What a card (templates/components/card.html) needs from a page.
CARD_FIELDS = ("name", "slug", "summary")


class BodyRegion(models.TextChoices):
    HEAD = "head", _("Head and face")
    NECK = "neck", _("Neck and shoulders")
    UPPER_BACK = "upper-back", _("Upper and middle back")
    LOWER_BACK = "lower-back", _("Lower back, hips and legs")
    JOINTS = "joints", _("Joints")
    NERVES = "nerves", _("Nerves and whole body")


class ContentQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: marked published, with a publish time already passed
        (at `now`, by default the present moment). The one definition of "live"."""
        return self.filter(is_published=True, publish_at__lte=now or timezone.now())

    def with_live_flag(self):
        """Each page annotated with `is_live`: whether published() includes it now."""
        return self.annotate(
            is_live=models.Exists(self.model.objects.published().filter(pk=models.OuterRef("pk")))
        )

    def cards(self):
        """Only what a card shows (components/card.html): its name, summary and link."""
        return self.only(*CARD_FIELDS)

    def needs_review(self):
        """Pages never medically reviewed, or whose next review date has passed."""
        return self.filter(
            Q(next_review_due__isnull=True) | Q(next_review_due__lt=timezone.localdate())
        )

    def search(self, terms):
        """Pages whose name, summary or text contain every term; name matches first."""
        matches = Q()
        for term in terms:
            matches &= Q(
                *(Q(**{f"{field}__icontains": term}) for field in self.model.SEARCH_FIELDS),
                _connector=Q.OR,
            )
        name_hit = Q(*(Q(name__icontains=term) for term in terms), _connector=Q.OR)
        return (
            self.filter(matches)
            .annotate(
                name_rank=models.Case(
                    models.When(name_hit, then=0), default=1, output_field=models.IntegerField()
                )
            )
            .order_by("name_rank", "sort_order", "name")
        )


class ContentPage(models.Model):
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
    image = models.ImageField(
        upload_to="uploads/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
        help_text="Optional. A JPEG, PNG or WebP photo, at least 800 pixels wide, up to 10 MB.",
    )
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text=(
            "Required with an image: what the picture shows, for people who cannot see it "
            "(e.g. 'A physical therapist guiding a patient through a back stretch')."
        ),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
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
    reviewed_by = models.CharField(
        max_length=150,
        blank=True,
        help_text="The clinician who checked this page, with credentials, e.g. 'Dr. Ana Ruiz, MD'.",
    )
    last_reviewed = models.DateField("last medically reviewed", null=True, blank=True)
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When this page should next be checked by a clinician (usually a year on).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="%(app_label)s_%(class)s_image_has_description",
                violation_error_message="Describe the image for people who cannot see it.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        loaded_slug = getattr(self, "_loaded_slug", None)
        loaded_image_name = getattr(self, "_loaded_image_name", "")
        image_changed = (self.image.name or "") != loaded_image_name
        old_renditions = self.image_renditions
        if image_changed:
            self.image_renditions = make_renditions(self.image) if self.image else {}
        super().save(*args, **kwargs)
        if image_changed:
            delete_renditions(old_renditions)
            if loaded_image_name:
                self.image.storage.delete(loaded_image_name)
        if loaded_slug and loaded_slug != self.slug:
            self.slug_redirects.model.objects.update_or_create(
                old_slug=loaded_slug, defaults={"page": self}
            )
        # A page that takes back an old address no longer needs the redirect.
        self.slug_redirects.model.objects.filter(old_slug=self.slug).delete()
        self._loaded_slug = self.slug
        self._loaded_image_name = self.image.name or ""

    def get_absolute_url(self):
        # A page links itself several times a render (cards, breadcrumbs, JSON-LD):
        # reverse() once per instance, slug and language (/es/ for Spanish).
        key = (self.slug, get_language())
        url = self.__dict__.get("_absolute_url")
        if url is None or url[0] != key:
            url = self._absolute_url = (key, reverse(self.url_name, kwargs={"slug": self.slug}))
        return url[1]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember what was loaded, so save() can tell a renamed slug or a new image.
        instance._loaded_slug = instance.__dict__.get("slug")
        image = instance.__dict__.get("image")
        instance._loaded_image_name = getattr(image, "name", image) or ""
        return instance

    def clean(self):
        super().clean()
        errors = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image for people who cannot see it."
        if self.last_reviewed and not self.reviewed_by.strip():
            errors["reviewed_by"] = "Say who reviewed the page when you give a review date."
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
    def title(self):
        return self.seo_title or self.name

    @property
    def meta_description(self):
        return self.seo_description or self.summary

    @property
    def review_overdue(self):
        return self.next_review_due is None or self.next_review_due < timezone.localdate()


class Treatment(ContentPage):
    SEARCH_FIELDS = ("name", "summary", "description", "what_to_expect")

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
    is_featured = models.BooleanField("featured on the home page", default=False)

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


class ConditionFAQ(models.Model):
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
