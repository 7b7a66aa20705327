"""The site's frame on every page: header, phone, call to action, footer (issue 2)."""

import re

import pytest
from django.test import Client

from core.clinic import get_clinic

from .factories import ConditionFactory

pytestmark = pytest.mark.django_db


def assert_frame(html):
    clinic = get_clinic()
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert re.search(r'<header class="site-header">', html)
    assert re.search(
        rf'<a class="brand" href="/">\s*<img [^>]+ alt="">\s*{re.escape(clinic.name)}</a>', html
    )
    assert f'href="tel:{clinic.phone_href[4:]}"' in html
    assert '<a class="button" href="/appointments/">Request an appointment</a>' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<main id="main" tabindex="-1">' in html
    assert '<footer class="site-footer">' in html
    assert 'href="/privacy/">Privacy notice' in html
    assert "not medical advice. In an emergency, call 911." in html
    assert clinic.street_address in html
    assert "Monday to Thursday: 8:00 a.m. to 5:00 p.m." in html


@pytest.mark.parametrize("path", ["/", "/privacy/", "/this-page-does-not-exist/"])
def test_pages_have_the_frame(client, path):
    response = client.get(path)
    assert response.status_code == (404 if "exist" in path else 200)
    assert_frame(response.content.decode())


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Home"),
        ("/conditions/", "Conditions"),
        ("/conditions/upper-back-pain/", "Conditions"),
        ("/treatments/", "Treatments"),
        ("/contact/", "Contact"),
        ("/search/", "Search"),
        ("/privacy/", None),
    ],
)
def test_the_navigation_marks_the_current_section(client, condition, path, current):
    # The header is rendered once per section and kept (the "frame" cache), so pages
    # of different sections in a row must still each mark their own.
    for other in ("/", "/treatments/", "/privacy/"):
        client.get(other)
    html = client.get(path).content.decode()
    start = html.index('<nav class="site-nav"')
    nav = html[start : html.index("</nav>", start)]
    marked = re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', nav)
    assert marked == ([current] if current else [])


def test_each_call_to_action_offers_its_own_condition(client, condition):
    # The call to action links to the condition of the page it is on.
    other = ConditionFactory(name="Neck Pain", slug="neck-pain")
    for _ in range(2):
        for page, query in (
            (condition, "?condition=upper-back-pain"),
            (other, "?condition=neck-pain"),
            (None, ""),
        ):
            html = client.get(page.get_absolute_url() if page else "/conditions/").content
            cta = html.decode().split('<section class="cta"', 1)[1].split("</section>", 1)[0]
            assert f'href="/appointments/{query}">Request an appointment' in cta
            assert f'href="/contact/{query}">Contact our' in cta


def test_the_phone_number_is_a_tel_link(client):
    html = client.get("/").content.decode()
    assert 'href="tel:+15550100123"' in html


def test_home_page_leads_to_conditions_and_the_form(client, condition):
    condition.is_featured = True
    condition.save()
    html = client.get("/").content.decode()
    assert "What we treat" in html
    assert condition.get_absolute_url() in html
    assert "How to request an appointment" in html
    assert 'href="/conditions/"' in html


def test_privacy_notice_covers_the_form_and_retention(client, settings):
    html = client.get("/privacy/").content.decode()
    for heading in (
        "What the form collects",
        "Why we collect it",
        "Who can see it",
        "How long we keep it",
    ):
        assert heading in html
    assert "consumer health data" in html
    spam_days = settings.APPOINTMENTS["RETENTION_DAYS"]["spam"]
    assert f"requests marked as spam: after {spam_days} days" in html


def test_not_found_page_keeps_the_header_and_phone(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sorry, we cannot find that page" in html
    assert_frame(html)


@pytest.mark.urls("tests.error_urls")
def test_server_error_page_keeps_the_header_and_phone():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong on our side" in html
    assert 'href="tel:+15550100123"' in html
    assert "Request an appointment" in html


def test_stylesheet_is_self_hosted_and_there_is_no_external_asset(client):
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.css">', html)
    assert not re.search(
        r'(src|href)="(https?:)?//', html.replace('href="http://127.0.0.1:8000', "")
    )


def test_the_frame_keeps_as_many_entries_however_many_conditions_are_visited(client, monkeypatch):
    from django.core.cache import caches

    frame = caches["frame"]
    frame.clear()
    stored = set()
    store = frame.set
    monkeypatch.setattr(
        frame, "set", lambda key, *args, **kwargs: [stored.add(key), store(key, *args, **kwargs)]
    )
    conditions = ConditionFactory.create_batch(12)
    client.get(conditions[0].get_absolute_url())
    after_one = len(stored)
    for condition in conditions[1:]:
        client.get(condition.get_absolute_url())
    assert after_one > 0
    assert len(stored) == after_one
