"""Pages stay bounded however much content there is (issue 20): lists capped or paginated
(`?page=N`), the same queries at any size, a generator of content at scale."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conditions.models import BodyRegion, Condition, Treatment
from conditions.views import CARDS_PER_PAGE, CARDS_PREVIEW
from core import pagecache

from .factories import ConditionFactory, ConditionTreatmentFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    pagecache.current_generation()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def card_links(response):
    return response.content.decode().count('<li class="card">')


def test_the_conditions_index_shows_a_few_conditions_a_region_and_links_to_the_rest(client):
    ConditionFactory.create_batch(CARDS_PREVIEW + 3, body_region=BodyRegion.HEAD)
    ConditionFactory.create_batch(2, body_region=BodyRegion.JOINTS)
    response, _ = get(client, "/conditions/")
    html = response.content.decode()
    assert card_links(response) == CARDS_PREVIEW + 2
    assert 'href="/conditions/region/head/"' in html
    assert f"All {CARDS_PREVIEW + 3} conditions" in html
    # A region with every condition shown needs no link.
    assert "/conditions/region/joints/" not in html


def test_a_region_is_paginated(client):
    ConditionFactory.create_batch(CARDS_PER_PAGE + 5, body_region=BodyRegion.HEAD)
    ConditionFactory(body_region=BodyRegion.NECK, name="Neck only")
    first, _ = get(client, "/conditions/region/head/")
    second, _ = get(client, "/conditions/region/head/?page=2")
    assert card_links(first) == CARDS_PER_PAGE
    assert card_links(second) == 5
    assert 'href="/conditions/region/head/?page=2" rel="next"' in first.content.decode()
    assert 'href="/conditions/region/head/" rel="prev"' in second.content.decode()
    assert "Neck only" not in first.content.decode() + second.content.decode()
    assert first.content.decode().count("<h1") == 1
    for missing in ("/conditions/region/head/?page=3", "/conditions/region/nowhere/"):
        assert client.get(missing).status_code == 404, missing


@pytest.mark.parametrize(
    ("asked", "answer"),
    [
        # One address per page: other spellings of a number forward to it...
        ("?page=1", "/conditions/region/head/"),
        ("?page=01", "/conditions/region/head/"),
        ("?page=02", "/conditions/region/head/?page=2"),
        ("?page=0002", "/conditions/region/head/?page=2"),
        ("?page=3&page=2", "/conditions/region/head/?page=2"),
        # ...and so do the addresses pages had before (issue 25).
        ("page/2/", "/conditions/region/head/?page=2"),
        ("page/1/", "/conditions/region/head/"),
        ("page/02/", "/conditions/region/head/?page=02"),
    ],
)
def test_a_page_number_has_one_address(client, asked, answer):
    ConditionFactory.create_batch(CARDS_PER_PAGE + 1, body_region=BodyRegion.HEAD)
    moved = client.get("/conditions/region/head/" + asked)
    assert (moved.status_code, moved["Location"]) == (301, answer)


@pytest.mark.parametrize(
    "asked",
    [
        "?page=0",
        "?page=000",
        "?page=-1",
        "?page=-01",
        "?page=last",
        "?page=",
        "?page=²",
        "?page=1234567",
        "?page=2.0",
        "page/0/",
        "page/000/",
    ],
)
def test_what_names_no_page_is_not_found(client, page_cache, asked):
    ConditionFactory.create_batch(CARDS_PER_PAGE + 1, body_region=BodyRegion.HEAD)
    response = client.get("/conditions/region/head/" + asked, follow=True)
    assert response.status_code == 404


def test_region_pages_are_page_cached_once_each(client, page_cache):
    ConditionFactory.create_batch(CARDS_PER_PAGE + 1, body_region=BodyRegion.HEAD)
    assert client.get("/conditions/region/head/?page=2")["X-Cache"] == "miss"
    assert client.get("/conditions/region/head/?page=2")["X-Cache"] == "hit"
    # Tracking and unknown parameters do not make another entry; non-canonical forms and
    # pages past the last are never kept.
    assert client.get("/conditions/region/head/?utm_source=x&page=2&q=1")["X-Cache"] == "hit"
    for _ in range(2):
        assert "X-Cache" not in client.get("/conditions/region/head/?page=02")
        assert "X-Cache" not in client.get("/conditions/region/head/?page=9")


def test_a_treatment_page_lists_a_few_conditions_and_links_to_all_of_them(client):
    hub = TreatmentFactory(slug="hub")
    for _ in range(CARDS_PER_PAGE + 2):
        ConditionTreatmentFactory(treatment=hub)
    page, _ = get(client, "/treatments/hub/")
    assert card_links(page) == CARDS_PREVIEW
    assert 'href="/treatments/hub/conditions/"' in page.content.decode()
    full, _ = get(client, "/treatments/hub/conditions/")
    rest, _ = get(client, "/treatments/hub/conditions/?page=2")
    assert card_links(full) == CARDS_PER_PAGE
    assert card_links(rest) == 2
    assert client.get("/treatments/no-such/conditions/").status_code == 404


def test_a_treatment_with_few_conditions_shows_them_all_without_a_link(client):
    few = TreatmentFactory(slug="few")
    ConditionTreatmentFactory(treatment=few)
    page, _ = get(client, "/treatments/few/")
    assert card_links(page) == 1
    assert "/treatments/few/conditions/" not in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/conditions/",
        "/conditions/region/head/",
        "/treatments/hub/",
        "/treatments/hub/conditions/",
        "/appointments/",
        "/sitemap.xml",
        "/sitemap-conditions.xml",
    ],
)
def test_lists_run_the_same_queries_at_5_and_at_60_conditions(client, url):
    hub = TreatmentFactory(slug="hub")

    def add(count):
        for _ in range(count):
            ConditionTreatmentFactory(
                treatment=hub, condition=ConditionFactory(body_region=BodyRegion.HEAD)
            )

    add(5)
    client.get(url)  # the header and footer are kept once rendered
    small, small_queries = get(client, url)
    add(55)
    large, large_queries = get(client, url)
    assert small.status_code == large.status_code == 200, url
    assert small_queries == large_queries <= 5, url


def test_the_generator_makes_linked_published_content_and_replaces_its_own(client):
    call_command("generate_content_scale", conditions=12, treatments=4, hub_links=7, verbosity=0)
    call_command("generate_content_scale", conditions=12, treatments=4, hub_links=7, verbosity=0)
    assert Condition.objects.published().count() == 12
    assert Treatment.objects.published().count() == 4
    hub = Treatment.objects.get(slug="scale-treatment-1")
    assert hub.conditions.count() == 7
    assert client.get("/treatments/scale-treatment-1/").status_code == 200
    assert client.get("/conditions/scale-condition-12/").status_code == 200


def test_the_admin_edit_form_searches_treatments_instead_of_listing_them(client, editor):
    condition = ConditionFactory()
    ConditionTreatmentFactory(condition=condition)
    TreatmentFactory.create_batch(30)
    ConditionFactory.create_batch(30)
    client.force_login(editor)
    response = client.get(f"/admin/conditions/condition/{condition.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "admin-autocomplete" in html
    # Only the chosen values are in the page; the rest load as the editor types.
    assert html.count("<option") < 20


def test_the_form_offers_featured_conditions_and_keeps_the_one_the_patient_came_from(client):
    from appointments.forms import FEATURED_CONDITION_CHOICES

    ConditionFactory.create_batch(FEATURED_CONDITION_CHOICES + 5, is_featured=True)
    ConditionFactory.create_batch(40)
    ConditionFactory(slug="rare-one", name="Rare One")
    html = client.get("/appointments/").content.decode()
    # The featured ones and "Not sure, or something else".
    assert html.count("<option") == FEATURED_CONDITION_CHOICES + 1
    assert "Rare One" not in html
    linked = client.get("/appointments/?condition=rare-one").content.decode()
    assert '<option value="rare-one" selected>Rare One</option>' in linked
    assert linked.count("<option") == FEATURED_CONDITION_CHOICES + 2


def test_a_request_about_a_condition_not_featured_keeps_it(client):
    from appointments.models import AppointmentRequest

    from .test_appointment_form import form_data

    ConditionFactory(slug="rare-one")
    response = client.post("/appointments/", form_data(condition="rare-one"))
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().condition.slug == "rare-one"
