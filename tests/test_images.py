"""Image uploads: validated with Pillow, served as responsive renditions (issues 3 and 7)."""

import io
import random
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageDraw, PngImagePlugin

from core.images import RENDITION_BUDGET_BYTES, validate_image_upload

pytestmark = pytest.mark.django_db


def image_file(
    width=1600, height=900, image_format="JPEG", name="photo.jpg", noise=False, exif_gps=False
):
    image = Image.new("RGB", (width, height), "#7fa7b5")
    draw = ImageDraw.Draw(image)
    for step in range(0, width, 40):
        draw.ellipse(
            (step, step % height, step + 200, (step % height) + 120), fill=(step % 255, 120, 200)
        )
    if noise:
        rng = random.Random(4)
        image.putdata(
            [
                (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                for _ in range(width * height)
            ]
        )
    buffer = io.BytesIO()
    extra = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0)}  # GPSInfo: where the photo was taken
        extra["exif"] = exif
    image.save(buffer, image_format, **extra)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def test_a_real_photo_passes():
    validate_image_upload(image_file())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("fake.jpg", b"<?php echo 1; ?>"), "not a picture we can use"),
        (
            image_file(image_format="GIF", name="anim.gif"),
            "Please upload a JPEG, PNG or WebP photo (this one is GIF)",
        ),
        (image_file(width=400, height=300), "400 pixels wide; please use one at least 800"),
        (image_file(width=9000, height=1000), "at most 8000 pixels on its longest side"),
    ],
    ids=["not-an-image", "gif", "too-small", "too-big"],
)
def test_bad_uploads_get_a_clear_message(upload, message):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)
    assert message in error.value.messages[0]


def test_a_file_over_10_mb_is_refused(settings):
    upload = image_file()
    upload.size = 11 * 1024 * 1024
    with pytest.raises(ValidationError, match="10 MB or less"):
        validate_image_upload(upload)


def test_renditions_are_made_in_webp_and_jpeg_within_budget(condition):
    condition.image = image_file(exif_gps=True)
    condition.image_alt = "A patient stretching"
    condition.save()
    renditions = condition.image_renditions
    assert [r["width"] for r in renditions["webp"]] == [480, 800, 1200]
    assert [r["width"] for r in renditions["jpeg"]] == [480, 800, 1200]
    for rendition in renditions["webp"] + renditions["jpeg"]:
        assert default_storage.size(rendition["name"]) <= RENDITION_BUDGET_BYTES
        with default_storage.open(rendition["name"]) as stored, Image.open(stored) as image:
            assert image.width == rendition["width"]
            assert not image.getexif(), "no camera metadata (GPS position) may survive"
            assert "exif" not in image.info
    assert renditions["webp"][0]["name"].endswith(".webp")


def test_even_a_worst_case_image_stays_within_budget(condition):
    condition.image = image_file(width=2400, height=1600, noise=True)
    condition.image_alt = "Static noise"
    condition.save()
    largest = max(
        default_storage.size(r["name"])
        for r in condition.image_renditions["jpeg"] + condition.image_renditions["webp"]
    )
    assert largest <= RENDITION_BUDGET_BYTES


def test_pages_use_srcset_sizes_and_dimensions(client, condition):
    condition.image = image_file()
    condition.image_alt = "A patient stretching"
    condition.save()
    html = client.get(condition.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="/media/renditions/' in html
    assert " 480w, /media/renditions/" in html
    assert 'sizes="(min-width: 48rem) 42rem, 100vw"' in html
    assert 'width="1200" height="675" alt="A patient stretching"' in html
    assert 'fetchpriority="high"' in html
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/renditions/' in html
    rendition_url = condition.image_renditions["webp"][0]["name"]
    response = client.get(f"/media/{rendition_url}")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]


def test_original_uploads_are_never_served(client, condition):
    condition.image = image_file()
    condition.image_alt = "A patient stretching"
    condition.save()
    assert client.get(f"/media/{condition.image.name}").status_code == 404


def traversal_paths(original, rendition):
    """Every way we know to name an original through the renditions URL (issue 13)."""
    up = "../" + original  # from renditions/ to the original
    up_from_digest = "../../" + original  # from renditions/<digest>/
    digest_folder = rendition.rsplit("/", 1)[0]
    return {
        "slash-encoded": up.replace("/", "%2f"),
        "dots-encoded": up.replace("..", "%2e%2e"),
        "all-encoded": up.replace("..", "%2E%2E").replace("/", "%2F"),
        "literal": up,
        "from-digest": f"{digest_folder}/{up_from_digest}",
        "double-encoded": up.replace("..", "%252e%252e").replace("/", "%252f"),
        "backslash": up.replace("/", "\\"),
        "backslash-encoded": up.replace("/", "%5c"),
        "renditions-twice": f"../renditions/{up}",
        "absolute": f"/{original}",
        "absolute-encoded": f"%2f{original}",
        "dot-segments": f"./{up}",
        "overlong-utf8-dot": up.replace("..", "%c0%ae%c0%ae"),
        "nul": f"{rendition}%00{up}",
    }


def test_originals_cannot_be_reached_through_the_renditions_url(client, condition):
    condition.image = image_file(exif_gps=True)
    condition.image_alt = "A patient stretching"
    condition.save()
    with default_storage.open(condition.image.name) as stored:
        original_bytes = stored.read()
    rendition = condition.image_renditions["jpeg"][0]["name"].removeprefix("renditions/")
    assert client.get(f"/media/renditions/{rendition}").status_code == 200
    for name, path in traversal_paths(condition.image.name, rendition).items():
        response = client.get(f"/media/renditions/{path}")
        assert response.status_code in (400, 404), name
        assert original_bytes not in response.content, name


def test_a_link_inside_the_renditions_folder_is_not_followed(client, condition, settings):
    condition.image = image_file()
    condition.image_alt = "A patient stretching"
    condition.save()
    link = Path(settings.MEDIA_ROOT) / "renditions" / "0123456789abcdef"
    link.symlink_to(Path(settings.MEDIA_ROOT) / Path(condition.image.name).parent)
    original = Path(condition.image.name).name
    assert client.get(f"/media/renditions/0123456789abcdef/{original}").status_code == 404


def test_replacing_an_image_removes_the_old_files(condition):
    condition.image = image_file()
    condition.image_alt = "First"
    condition.save()
    old_original = condition.image.name
    old_renditions = [r["name"] for r in condition.image_renditions["webp"]]
    condition.image = image_file(name="second.png", image_format="PNG")
    condition.save()
    assert not default_storage.exists(old_original)
    assert not any(default_storage.exists(name) for name in old_renditions)
    assert all(default_storage.exists(r["name"]) for r in condition.image_renditions["jpeg"])


def test_pages_work_without_images(client, condition):
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "<picture>" not in html
    assert "og:image" not in html


def photo_with_every_kind_of_metadata(image_format):
    """A photo carrying a patient's name in each place a file can hide text (issue 26.17):
    a JPEG comment (COM segment), EXIF, XMP and a colour profile; PNG text chunks."""
    image = image_file(image_format="PNG", name="x.png")
    with Image.open(image) as picture:
        picture.load()
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Jane Patient, knee"  # ImageDescription
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    extra = {"exif": exif, "icc_profile": profile}
    if image_format == "JPEG":
        extra |= {"comment": b"Jane Patient, knee", "xmp": b"<x:xmpmeta>Jane Patient</x:xmpmeta>"}
    else:
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "Jane Patient, knee")
        text.add_text("Description", "Jane Patient", zip=True)
        text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>Jane Patient</x:xmpmeta>")
        extra["pnginfo"] = text
    picture.save(buffer, image_format, **extra)
    assert b"Jane Patient" in buffer.getvalue()
    name = f"photo.{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format}")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_renditions_keep_no_metadata_at_all(condition, image_format):
    condition.image = photo_with_every_kind_of_metadata(image_format)
    condition.image_alt = "A knee brace"
    condition.save()
    renditions = condition.image_renditions["webp"] + condition.image_renditions["jpeg"]
    for rendition in renditions:
        with default_storage.open(rendition["name"]) as stored:
            data = stored.read()
        assert b"Jane" not in data and b"Patient" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif()
            assert not set(image.info) & {"comment", "exif", "xmp", "icc_profile", "Comment"}
    # The pixels are the photo's own (an sRGB profile converts to itself).
    with default_storage.open(renditions[-1]["name"]) as stored, Image.open(stored) as image:
        red, green, blue = image.convert("RGB").getpixel((5, image.height - 5))
    assert abs(red - 0x7F) < 8 and abs(green - 0xA7) < 8 and abs(blue - 0xB5) < 8


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(monkeypatch):
    """An 8000 x 8000 PNG took 4.5 s and 620 MB in a web worker to make renditions."""
    upload = image_file(width=6000, height=4500, image_format="PNG", name="big.png")
    monkeypatch.setattr(
        Image.Image, "load", lambda image: pytest.fail("decoded a picture over the cap")
    )
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)
    assert error.value.messages == [
        "This picture is 6000 x 4500 pixels (27 megapixels); please resize it to at most "
        "25 megapixels, e.g. 6000 x 4000 pixels."
    ]
