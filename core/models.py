"""Counters that every worker and server share, a record of demo content loaded, and the
clinic's identity as the owner edits it in the admin."""

from django.conf import settings
from django.db import models
from model_utils import FieldTracker
from solo.models import SingletonModel

from .images import WithImage, delete_renditions, make_logo_rendition, validate_logo_upload


class Counter(models.Model):
    """How many times something happened within a window (see core.ratelimit).

    Kept in the database, not the cache: a count survives a cache outage or eviction and
    is incremented atomically by every worker and server at once.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"


class DemoContentLoad(models.Model):
    """A set of demo content that `load_demo_content` has dealt with, so it never loads
    it again (staff may have deleted or changed it since). REMOVED: `remove_demo_content`
    ran, and no set is loaded again."""

    REMOVED = "removed"

    name = models.CharField(max_length=50, primary_key=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


# The words the owner may change, with the Spanish that shipped with them: a new site
# starts with these in both languages (ClinicIdentity.save).
IDENTITY_TEXTS = {
    "headline": (
        "Help for back, neck and nerve pain",
        "Ayuda para el dolor de espalda, cuello y nervios",
    ),
    "lead": (
        "We are a pain management clinic. We look for what is causing your pain and plan "
        "treatment with you, starting with the simplest options and aiming to avoid surgery.",
        "Somos una clínica de tratamiento del dolor. Buscamos la causa de su dolor y "
        "planificamos el tratamiento con usted, empezando por las opciones más sencillas y "
        "tratando de evitar la cirugía.",
    ),
    "primary_action": ("Request an appointment", "Pedir una cita"),
    "secondary_action": ("Conditions we treat", "Afecciones que tratamos"),
    "description": (
        "Specialist care for back, neck and nerve pain, with treatment plans that aim to "
        "avoid surgery.",
        "Atención especializada para el dolor de espalda, de cuello y de los nervios, con "
        "planes de tratamiento que buscan evitar la cirugía.",
    ),
}


# Field defaults are functions (migrations keep their names): a new site starts with the
# environment's values, its first-run defaults.
def default_clinic_name():
    return settings.CLINIC["NAME"]


def default_clinic_phone():
    return settings.CLINIC["PHONE"]


class ClinicIdentity(SingletonModel, WithImage):
    """The clinic as patients see it, edited by the owner in the admin: one row.

    Pages read it through core.clinic.get_clinic(), which keeps the last values in the
    cache and in each process; the environment's CLINIC_* values are the fallback.
    """

    REQUIRED_ALT_FIELD = "image_alt_en"

    name = models.CharField(
        max_length=120,
        default=default_clinic_name,
        help_text="The clinic's name, on every page and in search results.",
    )
    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="A shorter name where space is tight (a phone's header). Optional.",
    )
    logo = models.ImageField(
        upload_to="identity/",
        blank=True,
        validators=[validate_logo_upload],
        help_text=(
            "A PNG, JPEG or WebP picture of any shape (a wide logo stays wide), at least 96 "
            "pixels tall; a transparent background works best. Shown 48 pixels tall."
        ),
    )
    logo_rendition = models.JSONField(default=dict, blank=True, editable=False)
    phone = models.CharField(
        max_length=32,
        default=default_clinic_phone,
        help_text="The number patients call, shown on every page, e.g. '+1 206 555 0142'.",
    )
    email = models.EmailField(
        "email for patients",
        blank=True,
        help_text="Optional. Shown on the contact page; never used for patients' details.",
    )
    headline = models.CharField(
        "home page headline", max_length=120, help_text="The home page's main heading."
    )
    lead = models.TextField(
        "home page introduction", max_length=400, help_text="One or two sentences under it."
    )
    primary_action = models.CharField(
        "main button",
        max_length=60,
        help_text="The home page's button to the appointment form.",
    )
    secondary_action = models.CharField(
        "second button",
        max_length=60,
        help_text="The home page's button to the list of conditions.",
    )
    description = models.CharField(
        "short description",
        max_length=300,
        help_text=(
            "A sentence about the clinic, in the footer and in search results for pages "
            "without their own description."
        ),
    )

    tracker = FieldTracker(fields=["image", "logo"])

    class Meta(WithImage.Meta):
        verbose_name = "clinic identity"
        verbose_name_plural = "clinic identity"

    def __str__(self):
        return "Clinic identity"

    def save(self, *args, **kwargs):
        if self._state.adding:
            for field, texts in IDENTITY_TEXTS.items():
                for (code, _name), text in zip(settings.LANGUAGES, texts, strict=False):
                    if not getattr(self, f"{field}_{code}", None):
                        setattr(self, f"{field}_{code}", text)
        old_logo = self.logo_rendition
        logo_changed = self.tracker.has_changed("logo")
        if logo_changed:
            self.logo_rendition = make_logo_rendition(self.logo) if self.logo else {}
        super().save(*args, **kwargs)
        if logo_changed and old_logo:
            delete_renditions({"webp": [old_logo]})


class ContentGeneration(models.Model):
    """The content generation (core.pagecache), kept in the database: a content change
    writes a new one in its own transaction, so a change that commits is never forgotten
    when the cache misses the news (the every-minute sweep passes it on)."""

    token = models.CharField(max_length=16)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.token
