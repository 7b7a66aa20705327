"""Validating staff's image uploads, producing the renditions pages use, and the
abstract model of anything with a photo (conditions, treatments, clinicians, locations).

Renditions are re-encoded from the pixels alone, in sRGB, with no metadata at all (no
EXIF such as GPS positions, XMP, comments, text chunks or colour profiles, whatever a
file names there), made at a few widths in WebP with a JPEG fallback, each kept under a
byte budget. Originals are stored but never linked from a page.
"""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MIN_WIDTH = 800
MAX_SIDE = 8000
# Decoding takes about 10 bytes and 70 ns per pixel in the web worker that saves the
# page (an 8000 x 8000 PNG: 620 MB and 4.5 s); 25 megapixels takes a 24-megapixel
# camera's photo (6000 x 4000) and bounds a save to about a quarter of that.
MAX_PIXELS = 25_000_000
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
RENDITION_WIDTHS = (480, 800, 1200)
RENDITION_BUDGET_BYTES = 120 * 1024
QUALITY_STEPS = (82, 72, 62, 52, 42)
SRGB = ImageCms.createProfile("sRGB")


def validate_image_upload(file, min_width=MIN_WIDTH, min_height=1):
    if getattr(file, "_committed", False):
        # Already stored (and checked when it was uploaded): don't fetch it again.
        return
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is %(size).1f MB; please use a picture of 10 MB or less.",
            params={"size": file.size / 1024 / 1024},
            code="too_large",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            "This file is not a picture we can use. Please upload a JPEG, PNG or WebP photo.",
            code="not_an_image",
        ) from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "Please upload a JPEG, PNG or WebP photo (this one is %(format)s).",
            params={"format": image_format},
            code="wrong_format",
        )
    if width < min_width:
        raise ValidationError(
            "This picture is %(width)d pixels wide; please use one at least %(min)d pixels wide "
            "so it looks sharp on large screens.",
            params={"width": width, "min": min_width},
            code="too_small",
        )
    if height < min_height:
        raise ValidationError(
            "This picture is %(height)d pixels tall; please use one at least %(min)d pixels "
            "tall so it looks sharp.",
            params={"height": height, "min": min_height},
            code="too_small",
        )
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            "This picture is %(width)d x %(height)d pixels; please resize it to at most "
            "%(max)d pixels on its longest side.",
            params={"width": width, "height": height, "max": MAX_SIDE},
            code="too_big",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            "This picture is %(width)d x %(height)d pixels (%(megapixels)d megapixels); "
            "please resize it to at most %(max)d megapixels, e.g. 6000 x 4000 pixels.",
            params={
                "width": width,
                "height": height,
                "megapixels": round(width * height / 1_000_000),
                "max": MAX_PIXELS // 1_000_000,
            },
            code="too_many_pixels",
        )


def _encode_within_budget(image, image_format):
    """Encode at the best quality that fits the budget, shrinking the image if none does."""
    while True:
        for quality in QUALITY_STEPS:
            buffer = io.BytesIO()
            image.save(buffer, image_format, quality=quality, optimize=True)
            if buffer.tell() <= RENDITION_BUDGET_BYTES:
                return image, buffer.getvalue()
        image = image.resize((int(image.width * 0.8), int(image.height * 0.8)), Image.LANCZOS)


def in_srgb(image):
    """The image's colours in sRGB, what browsers assume without a profile: a photo
    with its own colour profile is converted, so dropping the profile changes nothing."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    try:
        return ImageCms.profileToProfile(
            image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB, outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError):  # a broken profile: the colours as they are
        return image


def make_renditions(field_file):
    """Write WebP and JPEG renditions of an image; return what templates need to show them."""
    field_file.open("rb")
    field_file.seek(0)
    original = field_file.read()
    field_file.seek(0)
    digest = hashlib.sha256(original).hexdigest()[:16]
    with Image.open(io.BytesIO(original)) as source:
        image = ImageOps.exif_transpose(source)
        image.load()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    image = in_srgb(image)
    # Pillow copies `info` to every resized copy and writes some of it back (a JPEG
    # comment, say): the renditions start from the pixels alone.
    image.info = {}
    # JPEG has no transparency: flatten onto white.
    opaque = image
    if image.mode == "RGBA":
        opaque = Image.new("RGB", image.size, "white")
        opaque.paste(image, mask=image.getchannel("A"))

    renditions = {"width": image.width, "height": image.height, "webp": [], "jpeg": []}
    widths = sorted({min(width, image.width) for width in RENDITION_WIDTHS})
    for width in widths:
        height = round(image.height * width / image.width)
        for kind, image_format, source_image in (
            ("webp", "WEBP", image),
            ("jpeg", "JPEG", opaque),
        ):
            # reducing_gap: a quick box reduction first, then Lanczos from ~3x the size.
            resized = source_image.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
            encoded_image, data = _encode_within_budget(resized, image_format)
            name = default_storage.save(
                f"renditions/{digest}/{width}.{kind.replace('jpeg', 'jpg')}", ContentFile(data)
            )
            renditions[kind].append(
                {"name": name, "width": encoded_image.width, "height": encoded_image.height}
            )
    return renditions


# A logo is shown LOGO_HEIGHT CSS pixels tall, at its own width: drawn at twice that for
# sharp screens, as WebP (which keeps a transparent background).
LOGO_HEIGHT = 48


def validate_logo_upload(file):
    validate_image_upload(file, min_width=1, min_height=2 * LOGO_HEIGHT)


def make_logo_rendition(field_file):
    """A logo re-encoded (no metadata kept) at twice its display height, and the size to
    show it at: {"name", "width", "height"} in CSS pixels."""
    field_file.open("rb")
    field_file.seek(0)
    original = field_file.read()
    field_file.seek(0)
    with Image.open(io.BytesIO(original)) as source:
        image = ImageOps.exif_transpose(source)
        image.load()
    image = image.convert("RGBA")
    width = max(1, round(image.width * 2 * LOGO_HEIGHT / image.height))
    image = image.resize((width, 2 * LOGO_HEIGHT), Image.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=True)
    digest = hashlib.sha256(original).hexdigest()[:16]
    name = default_storage.save(f"renditions/{digest}/logo.webp", ContentFile(buffer.getvalue()))
    return {"name": name, "width": round(width / 2), "height": LOGO_HEIGHT}


def delete_renditions(renditions):
    for kind in ("webp", "jpeg"):
        for rendition in renditions.get(kind, ()):
            default_storage.delete(rendition["name"])


class WithImage(models.Model):
    """An optional photo with its description, shown through renditions made on save.

    A concrete model declares `tracker = FieldTracker(fields=["image", ...])`
    (django-model-utils; a tracker is not inherited from an abstract model), so save()
    can tell a new image and delete the old one's files."""

    # The description an image cannot go without: a page written per language names its
    # English column (the other languages fall back to it).
    REQUIRED_ALT_FIELD = "image_alt"

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

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="%(app_label)s_%(class)s_image_has_description",
                violation_error_message="Describe the image for people who cannot see it.",
            ),
        ]

    def save(self, *args, **kwargs):
        loaded_image = self.tracker.previous("image")
        loaded_image_name = (loaded_image and loaded_image.name) or ""
        image_changed = (self.image.name or "") != loaded_image_name
        old_renditions = self.image_renditions
        if image_changed:
            self.image_renditions = make_renditions(self.image) if self.image else {}
        super().save(*args, **kwargs)
        if image_changed:
            delete_renditions(old_renditions)
            if loaded_image_name:
                self.image.storage.delete(loaded_image_name)

    def clean(self):
        errors = {}
        if self.image and not (getattr(self, self.REQUIRED_ALT_FIELD) or "").strip():
            errors[self.REQUIRED_ALT_FIELD] = "Describe the image for people who cannot see it."
        try:
            super().clean()
        except ValidationError as other_errors:
            errors = other_errors.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
