"""The clinic's identity is the owner's to edit in the admin (issue 28.1): name, logo of any
shape, phone, the home page's words in both languages, the footer's description and the
default picture for sharing. The environment gives the first-run values; the last saved
ones are kept in the cache and in each process, so they cost no query on a cached page,
at most one on another, and still show while the database is down."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from core import clinic as clinic_module
from core.clinic import get_clinic, read_identity
from core.models import ClinicIdentity

from .test_images import image_file

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/core/clinicidentity/"


def wide_logo():
    """A wide PNG logo with a transparent background and a text comment in it."""
    image = Image.new("RGBA", (600, 100), (0, 0, 0, 0))
    image.paste((11, 95, 111, 255), (0, 0, 100, 100))
    buffer = io.BytesIO()
    info = PngInfo()
    info.add_text("Comment", "made on the owner's laptop")
    image.save(buffer, "PNG", pnginfo=info)
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def owner_form(**changes):
    """The change form's fields as the browser posts them (both languages side by side)."""
    identity = ClinicIdentity.get_solo()
    fields = {
        "name": identity.name,
        "short_name": identity.short_name,
        "phone": identity.phone,
        "email": identity.email,
        "image_alt_en": "",
        "image_alt_es": "",
    }
    for name in ("headline", "lead", "primary_action", "secondary_action", "description"):
        for code in ("en", "es"):
            fields[f"{name}_{code}"] = getattr(identity, f"{name}_{code}")
    return {**fields, **changes}


def test_a_new_site_starts_with_the_environments_values_and_both_languages(client, settings):
    settings.CLINIC = {**settings.CLINIC, "NAME": "Cedar Spine Clinic", "PHONE": "+1 206 555 0101"}
    assert get_clinic().name == "Cedar Spine Clinic"
    identity = ClinicIdentity.get_solo()
    assert (identity.name, identity.phone) == ("Cedar Spine Clinic", "+1 206 555 0101")
    assert "Help for back, neck and nerve pain" in client.get("/").content.decode()
    spanish = client.get("/es/").content.decode()
    assert "Ayuda para el dolor de espalda, cuello y nervios" in spanish
    assert "Pedir una cita" in spanish


def test_the_owner_edits_the_identity_and_every_page_shows_it(
    client, superuser, page_cache, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    anonymous = Client()
    assert "Riverside" in anonymous.get("/").content.decode()  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGE_URL,
            owner_form(
                name="Cedar Spine & Pain",
                phone="+1 206 555 0142",
                headline_en="Care for long-lasting pain",
                headline_es="Atención para el dolor persistente",
                primary_action_en="Ask for a visit",
                description_en="A small clinic in Seattle <for> pain that lasts.",
                logo=wide_logo(),
            ),
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    home = anonymous.get("/").content.decode()
    assert "Care for long-lasting pain" in home and "Ask for a visit" in home
    assert "Cedar Spine &amp; Pain" in home and "Riverside" not in home
    assert 'href="tel:+12065550142"' in home
    assert "A small clinic in Seattle &lt;for&gt; pain that lasts." in home  # escaped
    # The wide logo keeps its shape: 48 px tall and six times as wide.
    identity = ClinicIdentity.get_solo()
    assert 'width="288" height="48" alt="Cedar Spine &amp; Pain"' in home
    with (
        default_storage.open(identity.logo_rendition["name"]) as stored,
        Image.open(stored) as logo,
    ):
        assert (logo.format, logo.size, logo.mode) == ("WEBP", (576, 96), "RGBA")
        assert "Comment" not in logo.info
    spanish = anonymous.get("/es/conditions/").content.decode()
    assert "Cedar Spine &amp; Pain" in spanish
    assert "Atención para el dolor persistente" in anonymous.get("/es/").content.decode()


def test_the_default_sharing_picture_is_used_by_pages_without_their_own(
    client, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    picture = image_file(name="sharing.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGE_URL,
            owner_form(image=picture, image_alt_en="The clinic's waiting room, drawn"),
        )
    assert response.status_code == 302
    page = Client().get("/conditions/").content.decode()
    assert '<meta property="og:image" content="http' in page
    assert 'content="The clinic&#x27;s waiting room, drawn"' in page


def test_the_values_cost_no_query_once_read_and_one_when_not(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ClinicIdentity.get_solo().save()
    read_identity()
    with CaptureQueriesContext(connection) as queries:
        get_clinic()
        get_clinic()
    assert len(queries) == 0
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        get_clinic()
    assert len(queries) == 1


def test_the_error_page_shows_the_owners_phone_while_the_database_is_down(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = False
    identity = ClinicIdentity.get_solo()
    identity.phone = "+1 206 555 0177"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    get_clinic()  # this process has read it

    def database_down(execute, sql, params, many, context):
        raise OperationalError("could not connect to server: Connection refused")

    from django.core.cache import cache

    cache.clear()  # neither the cache nor the database answers: the process's copy does
    browser = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        response = browser.get("/")
    assert response.status_code == 500
    assert "+1 206 555 0177" in response.content.decode()
    # A process that never read it shows the environment's number.
    clinic_module._last_read.clear()
    cache.clear()
    with connection.execute_wrapper(database_down):
        response = browser.get("/")
    assert settings.CLINIC["PHONE"] in response.content.decode()


def test_a_front_desk_account_cannot_edit_the_identity(client, front_desk_user, editor):
    for user in (front_desk_user, editor):
        client.force_login(user)
        assert client.get(CHANGE_URL).status_code == 403
