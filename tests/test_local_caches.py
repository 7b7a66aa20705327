"""core/local_caches.py: what each worker keeps in memory stays current."""

import pytest
from django.core.cache import caches

from core import pagecache

pytestmark = pytest.mark.django_db


def test_the_frame_is_kept_per_content_generation(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "frame": {
            **settings.CACHES["frame"],
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        },
    }
    frame = caches["frame"]
    frame.clear()
    client.get("/privacy/")
    kept = len(frame._cache)
    client.get("/privacy/")
    assert len(frame._cache) == kept  # the same generation: rendered once
    pagecache.invalidate()
    client.get("/privacy/")
    assert len(frame._cache) > kept  # a new generation renders the frame again


def test_changed_settings_reach_the_clinic_and_the_frame(client, settings):
    assert "Riverside" in client.get("/privacy/").content.decode()
    settings.CLINIC = {**settings.CLINIC, "NAME": "Lakeside Spine Clinic"}
    html = client.get("/privacy/").content.decode()
    assert "Lakeside Spine Clinic" in html
    assert "Riverside" not in html
