"""core/local_caches.py: what each worker keeps in memory stays current."""

import pytest
from django.urls import set_script_prefix, translate_url

from conditions.models import Condition
from core.local_caches import page_url, translated_path

pytestmark = pytest.mark.django_db


def test_page_urls_follow_the_script_prefix():
    # A deployment under a sub-path (SCRIPT_NAME=/clinic) links its own pages there.
    try:
        set_script_prefix("/clinic/")
        assert (
            page_url("conditions:condition_detail", "neck-pain") == "/clinic/conditions/neck-pain/"
        )
    finally:
        set_script_prefix("/")
    assert page_url("conditions:condition_detail", "neck-pain") == "/conditions/neck-pain/"
    assert Condition(slug="neck-pain").get_absolute_url() == "/conditions/neck-pain/"


def test_translated_paths_follow_the_script_prefix():
    # hreflang links and the language switch: kept per process, keyed by the prefix too.
    path = "/conditions/neck-pain/"
    assert translated_path(path, "es") == "/es/conditions/neck-pain/"
    try:
        set_script_prefix("/clinic/")
        assert translated_path(path, "es") == translate_url(path, "es")
        assert translated_path(path, "es").startswith("/clinic/")
    finally:
        set_script_prefix("/")
    assert translated_path(path, "es") == "/es/conditions/neck-pain/"


def test_changed_settings_reach_the_clinic_and_the_frame(client, settings):
    assert "Riverside" in client.get("/privacy/").content.decode()
    settings.CLINIC = {**settings.CLINIC, "NAME": "Lakeside Spine Clinic"}
    html = client.get("/privacy/").content.decode()
    assert "Lakeside Spine Clinic" in html
    assert "Riverside" not in html
