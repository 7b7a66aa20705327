"""The practice: its clinicians, locations and hours, the insurance it takes, and its
own pages (first visit, FAQ, about us).

Conditions point here by string ("practice.Clinician"); nothing here imports them.
"""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from model_utils import FieldTracker

from core.clinic import DAY_NAMES, tel_uri
from core.images import WithImage
from core.markdown import MARKDOWN_HELP, RenderedMarkdown
from core.publishing import MedicallyReviewed, Publishable, PublishedQuerySet, SearchEngineFields
from core.text import MultilineTextField

# Google Maps' documented URL for directions; it works without an account or a key.
MAPS_DIRECTIONS_URL = "https://www.google.com/maps/dir/?"
SLUG_HELP = "The page's web address (letters, numbers and hyphens)."


class LocationQuerySet(PublishedQuerySet):
    def with_hours(self, today):
        """With their usual hours and their dated exceptions from the Monday of `today`'s
        week on, as `week(today)` and the structured data read them."""
        monday = today - timedelta(days=today.weekday())
        return self.prefetch_related(
            "opening_hours",
            models.Prefetch(
                "special_hours", queryset=SpecialHours.objects.filter(date__gte=monday)
            ),
        )


class Location(RenderedMarkdown, Publishable, SearchEngineFields, WithImage):
    MARKDOWN_FIELDS = ("parking", "transit", "accessibility")

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, help_text=SLUG_HELP)
    summary = models.CharField(
        max_length=160, help_text="One sentence shown in the list of locations."
    )
    street_address = models.CharField(max_length=200)
    locality = models.CharField("city", max_length=100)
    region = models.CharField("state", max_length=50)
    postal_code = models.CharField("ZIP code", max_length=20)
    country = models.CharField(max_length=2, default="US", help_text="Two-letter code.")
    phone = models.CharField(max_length=32)
    parking = MultilineTextField(blank=True, help_text=MARKDOWN_HELP)
    transit = MultilineTextField("public transport", blank=True, help_text=MARKDOWN_HELP)
    accessibility = MultilineTextField(blank=True, help_text=MARKDOWN_HELP)

    objects = LocationQuerySet.as_manager()

    tracker = FieldTracker(fields=["image"])

    class Meta(Publishable.Meta, WithImage.Meta):
        pass

    def get_absolute_url(self):
        return reverse("practice:location_detail", kwargs={"slug": self.slug})

    @property
    def one_line_address(self):
        return f"{self.street_address}, {self.locality}, {self.region} {self.postal_code}"

    @property
    def phone_href(self):
        return tel_uri(self.phone)

    @property
    def directions_url(self):
        """Directions on a public map, for a plain link: nothing loads until it is followed."""
        return MAPS_DIRECTIONS_URL + urlencode({"api": 1, "destination": self.one_line_address})

    def week(self, today):
        """The seven days from Monday, each with its hours and whether it is today;
        a dated exception (holiday, special hours) replaces the usual hours that day.

        Reads the prefetched `opening_hours` and `special_hours`.
        """
        monday = today - timedelta(days=today.weekday())
        special = {day.date: day for day in self.special_hours.all()}
        days = []
        for offset in range(len(DAY_NAMES)):
            day = monday + timedelta(days=offset)
            if day in special:
                exception = special[day]
                hours = [exception] if not exception.is_closed else []
                note = exception.note
            else:
                hours = [row for row in self.opening_hours.all() if row.weekday == offset]
                note = ""
            days.append(
                {
                    "name": WEEKDAYS[offset],
                    "date": day,
                    "hours": hours,
                    "note": note,
                    "is_today": day == today,
                }
            )
        return days

    def upcoming_exceptions(self, today):
        return [day for day in self.special_hours.all() if day.date >= today]


class OpeningHours(models.Model):
    """Usual hours on a weekday. Several rows on one day make a lunch break."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0
        TUESDAY = 1
        WEDNESDAY = 2
        THURSDAY = 3
        FRIDAY = 4
        SATURDAY = 5
        SUNDAY = 6

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="practice_openinghours_closes_after_opening",
                violation_error_message="The closing time must come after the opening time.",
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def weekday_name(self):
        """The day's name in the page's language (Django's own translations)."""
        return WEEKDAYS[self.weekday]


class SpecialHours(models.Model):
    """A dated exception: closed for a holiday, or open at other times that day."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="special_hours")
    date = models.DateField()
    opens = models.TimeField(null=True, blank=True, help_text="Leave both times empty if closed.")
    closes = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=100, blank=True, help_text="e.g. 'Thanksgiving'.")

    class Meta:
        ordering = ["date"]
        verbose_name = "closure or special hours"
        verbose_name_plural = "closures and special hours"
        constraints = [
            models.UniqueConstraint(
                fields=["location", "date"],
                name="practice_specialhours_one_per_day",
                violation_error_message="This day already has special hours.",
            ),
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="practice_specialhours_both_times_or_none",
                violation_error_message=(
                    "Give both an opening and a closing time (closing after opening), "
                    "or neither if closed."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.date}: {'closed' if self.is_closed else f'{self.opens}-{self.closes}'}"

    @property
    def is_closed(self):
        return self.opens is None


class Clinician(RenderedMarkdown, Publishable, SearchEngineFields, WithImage):
    MARKDOWN_FIELDS = ("bio",)

    name = models.CharField(
        max_length=120, help_text="As patients address them, e.g. 'Dr. Maya Okafor'."
    )
    slug = models.SlugField(max_length=120, unique=True, help_text=SLUG_HELP)
    credentials = models.CharField(
        max_length=100, blank=True, help_text="Degrees and certifications, e.g. 'MD' or 'DPT'."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clinician",
        help_text=(
            "Their staff account, if they sign off medical pages: pages they approve then "
            "name this profile as their reviewer."
        ),
    )
    role = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Interventional pain physician'."
    )
    summary = models.CharField(
        max_length=160, blank=True, help_text="One sentence shown in the list of clinicians."
    )
    specialties = models.CharField(
        max_length=200, blank=True, help_text="Separate with commas, e.g. 'Spine care, Nerve pain'."
    )
    languages = models.CharField(
        "languages spoken",
        max_length=200,
        default="English",
        help_text="Separate with commas, e.g. 'English, Spanish'.",
    )
    bio = MultilineTextField(blank=True, help_text=MARKDOWN_HELP)
    accepting_new_patients = models.BooleanField(default=True)
    locations = models.ManyToManyField(
        Location,
        blank=True,
        related_name="clinicians",
        help_text="Where this clinician sees patients.",
    )

    tracker = FieldTracker(fields=["image"])

    class Meta(Publishable.Meta, WithImage.Meta):
        pass

    def get_absolute_url(self):
        return reverse("practice:clinician_detail", kwargs={"slug": self.slug})

    @property
    def full_name(self):
        """Name with credentials, as on a review line: 'Dr. Maya Okafor, MD'."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def initials(self):
        """For the avatar drawn in place of a photo: 'Dr. Maya Okafor' gives 'MO'."""
        words = [word for word in self.name.split() if word not in ("Dr.", "Dr")] or ["?"]
        return "".join(word[0] for word in (words[0], words[-1])[: len(words)]).upper()

    @property
    def specialty_list(self):
        return [s.strip() for s in self.specialties.split(",") if s.strip()]

    @property
    def language_list(self):
        return [s.strip() for s in self.languages.split(",") if s.strip()]


class InsurancePlan(Publishable):
    name = models.CharField("plan", max_length=120, unique=True)
    notes = models.CharField(
        max_length=200, blank=True, help_text="Shown next to the plan, e.g. 'Referral required'."
    )

    class Meta(Publishable.Meta):
        verbose_name = "insurance plan"


class SitePage(RenderedMarkdown, Publishable, SearchEngineFields, MedicallyReviewed):
    """A page of the practice's own: 'Your first visit', 'Patient FAQ', 'About us'."""

    MARKDOWN_FIELDS = ("body",)

    class Placement(models.TextChoices):
        HEADER = "header", "Main navigation"
        FOOTER = "footer", "Footer"
        NONE = "none", "Not linked"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, help_text=SLUG_HELP)
    summary = models.CharField(max_length=160, help_text="One sentence, for search results.")
    body = MultilineTextField(help_text=MARKDOWN_HELP)
    show_in = models.CharField(
        "link from",
        max_length=10,
        choices=Placement,
        default=Placement.FOOTER,
        help_text="Where every page links to this one.",
    )
    reviewer = models.ForeignKey(
        Clinician,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_sitepages",
        help_text="The clinician who checked this page, if it gives health information.",
    )

    class Meta(Publishable.Meta):
        verbose_name = "site page"

    def get_absolute_url(self):
        return reverse("practice:site_page", kwargs={"slug": self.slug})


class SitePageQuestion(RenderedMarkdown):
    MARKDOWN_FIELDS = ("answer",)

    page = models.ForeignKey(SitePage, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(max_length=200)
    answer = MultilineTextField(help_text=MARKDOWN_HELP)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "question and answer"
        verbose_name_plural = "questions and answers"

    def __str__(self):
        return self.question


def next_scheduled_change():
    """When the practice's pages next change by themselves: scheduled content going live,
    or midnight, when each location page's "today" moves on a day."""
    now = timezone.now()
    tomorrow = timezone.localdate() + timedelta(days=1)
    moments = [timezone.make_aware(datetime.combine(tomorrow, time.min))]
    for model in (Clinician, Location, InsurancePlan, SitePage):
        upcoming = (
            model.objects.filter(is_published=True, publish_at__gt=now)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        if upcoming:
            moments.append(upcoming)
    return min(moments)
