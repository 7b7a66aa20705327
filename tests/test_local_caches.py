"""core/local_caches.py: what each worker keeps in memory stays current."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import pagecache

pytestmark = pytest.mark.django_db


def frame_queries(client):
    """The queries of the site page's frame: its links to practice pages."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/privacy/")
    return [query for query in queries if "practice_sitepage" in query["sql"]]


def test_the_frame_is_kept_per_content_generation(
    client, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        "frame": {
            **settings.CACHES["frame"],
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        },
    }
    caches["frame"].clear()
    assert frame_queries(client)
    assert not frame_queries(client)  # the same generation: rendered once
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate()
    assert frame_queries(client)  # a new generation renders the frame again


def test_changed_settings_reach_the_clinic_and_the_frame(client, settings):
    assert "Riverside" in client.get("/privacy/").content.decode()
    settings.CLINIC = {**settings.CLINIC, "NAME": "Lakeside Spine Clinic"}
    html = client.get("/privacy/").content.decode()
    assert "Lakeside Spine Clinic" in html
    assert "Riverside" not in html
