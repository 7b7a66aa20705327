"""Static files: hashed names, pre-compressed copies, far-future caching (issues 2 and 7)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from clinic_site.settings import BASE_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected_static(settings, tmp_path):
    """Static files collected as in production: hashed, compressed, served by WhiteNoise."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings


def stylesheet_url(html):
    return re.search(r'<link rel="stylesheet" href="([^"]+)">', html)[1]


def test_pages_link_static_files_by_hashed_name(collected_static):
    url = stylesheet_url(Client().get("/").content.decode())
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)


def test_static_files_are_served_compressed_with_far_future_caching(collected_static):
    client = Client()
    url = stylesheet_url(client.get("/").content.decode())
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] in ("gzip", "br")
    assert "immutable" in response["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1]) >= 365 * 24 * 3600
    # Static responses carry the site's security headers too.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_all_css_together_is_under_20_kb():
    total = sum(path.stat().st_size for path in (BASE_DIR / "static").rglob("*.css"))
    assert total < 20 * 1024, f"{total} bytes of CSS"


def test_the_site_ships_no_javascript():
    scripts = list((BASE_DIR / "static").rglob("*.js"))
    assert scripts == [], (
        "public pages need no JavaScript; any script must be self-hosted, deferred and under 5 KB"
    )
