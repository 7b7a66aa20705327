"""Pages stay bounded however much content there is (issue 20): lists capped or paginated
in the path, the same queries at any size, a generator of content at scale."""

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


def test_a_region_is_paginated_in_the_path(client):
    ConditionFactory.create_batch(CARDS_PER_PAGE + 5, body_region=BodyRegion.HEAD)
    ConditionFactory(body_region=BodyRegion.NECK, name="Neck only")
    first, _ = get(client, "/conditions/region/head/")
    second, _ = get(client, "/conditions/region/head/page/2/")
    assert card_links(first) == CARDS_PER_PAGE
    assert card_links(second) == 5
    assert 'href="/conditions/region/head/page/2/" rel="next"' in first.content.decode()
    assert 'href="/conditions/region/head/" rel="prev"' in second.content.decode()
    assert "Neck only" not in first.content.decode() + second.content.decode()
    assert first.content.decode().count("<h1") == 1
    # One address per page: /page/1/ forwards to the list itself.
    moved = client.get("/conditions/region/head/page/1/")
    assert (moved.status_code, moved["Location"]) == (301, "/conditions/region/head/")
    for missing in ("/conditions/region/head/page/3/", "/conditions/region/nowhere/"):
        assert client.get(missing).status_code == 404, missing


def test_region_pages_are_page_cached(client, page_cache):
    ConditionFactory.create_batch(CARDS_PER_PAGE + 1, body_region=BodyRegion.HEAD)
    client.get("/conditions/region/head/page/2/")
    assert client.get("/conditions/region/head/page/2/")["X-Cache"] == "hit"


def test_a_treatment_page_lists_a_few_conditions_and_links_to_all_of_them(client):
    hub = TreatmentFactory(slug="hub")
    for _ in range(CARDS_PER_PAGE + 2):
        ConditionTreatmentFactory(treatment=hub)
    page, _ = get(client, "/treatments/hub/")
    assert card_links(page) == CARDS_PREVIEW
    assert 'href="/treatments/hub/conditions/"' in page.content.decode()
    full, _ = get(client, "/treatments/hub/conditions/")
    rest, _ = get(client, "/treatments/hub/conditions/page/2/")
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
