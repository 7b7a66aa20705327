"""The page cache's key (issue 25): a page per path and declared parameter values, the
same page for any tracking or unknown parameter, nothing kept for a value a view refuses,
and no hit or miss said in public."""

import pytest
from django.test import Client

from core import pagecache

from .factories import ClinicianFactory, ConditionFactory, LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(db):
    condition = ConditionFactory(name="Sciatica", slug="sciatica")
    location = LocationFactory(name="Downtown", slug="downtown")
    clinician = ClinicianFactory(name="Dr Ana Ruiz", slug="dr-ana-ruiz")
    clinician.locations.add(location)
    clinician.conditions_treated.add(condition)
    return clinician


def test_a_declared_parameter_is_part_of_the_key(practice, page_cache):
    client = Client()
    plain = client.get("/locations/downtown/")
    carried = client.get("/locations/downtown/?condition=sciatica")
    assert (plain["X-Cache"], carried["X-Cache"]) == ("miss", "miss")
    assert "condition=sciatica" in carried.content.decode()
    assert "condition=sciatica" not in plain.content.decode()
    assert client.get("/locations/downtown/")["X-Cache"] == "hit"
    again = client.get("/locations/downtown/?condition=sciatica&utm_medium=email")
    assert again["X-Cache"] == "hit"
    assert again.content == carried.content


@pytest.mark.parametrize(
    "query",
    [
        "?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_content=a&utm_term=b",
        "?gclid=1&gbraid=2&wbraid=3&dclid=4",
        "?fbclid=x",
        "?msclkid=x",
        "?mc_cid=1&mc_eid=2",
        "?anything=else",
        "?page=2",  # declared by other views, not this one
        "?condition=sciatica",
    ],
)
def test_tracking_and_unknown_parameters_get_the_cached_page(practice, page_cache, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    first = client.get("/conditions/sciatica/")
    with CaptureQueriesContext(connection) as queries:
        tagged = client.get("/conditions/sciatica/" + query)
    assert tagged.status_code == 200  # served, not redirected
    assert tagged["X-Cache"] == "hit"
    assert len(queries) == 0
    assert tagged.content == first.content


def test_a_view_never_sees_an_undeclared_parameter(practice, page_cache):
    # The first request with an unknown parameter renders the page: what it renders is
    # the page without it, kept for every later visitor.
    client = Client()
    tagged = client.get("/locations/downtown/?condition=sciatica&utm_source=x&evil=%22%3E")
    assert tagged["X-Cache"] == "miss"
    html = tagged.content.decode()
    assert "utm_source" not in html and "evil" not in html
    assert client.get("/locations/downtown/?condition=sciatica").content == tagged.content


@pytest.mark.parametrize(
    "query",
    ["?condition=no-such-page", "?condition=%3Cscript%3E", "?condition=sciatica&condition=x"],
)
def test_a_condition_that_does_not_exist_is_dropped_and_never_kept(practice, page_cache, query):
    client = Client()
    for _ in range(2):
        response = client.get("/providers/dr-ana-ruiz/" + query)
        assert (response.status_code, response["Location"]) == (302, "/providers/dr-ana-ruiz/")
        assert "X-Cache" not in response


def test_an_unpublished_condition_is_not_carried(practice, page_cache):
    ConditionFactory(slug="draft", is_published=False)
    response = Client().get("/locations/downtown/?condition=draft")
    assert (response.status_code, response["Location"]) == (302, "/locations/downtown/")


def test_no_hit_or_miss_is_said_in_production(practice, page_cache):
    page_cache.PAGE_CACHE_HEADER = False
    client = Client()
    miss = client.get("/conditions/sciatica/")
    hit = client.get("/conditions/sciatica/")
    assert hit.content == miss.content
    for response in (miss, hit):
        assert not any(
            "cache" in name.lower() and name != "Cache-Control" for name in response.headers
        )
    # The same headers either way: nothing tells a visitor someone looked before.
    assert sorted(miss.headers) == sorted(hit.headers)


def test_production_settings_say_nothing():
    from clinic_site import settings as production

    assert production.PAGE_CACHE_HEADER is False


def test_a_hit_carries_the_security_headers(practice, page_cache):
    client = Client()
    miss = client.get("/conditions/sciatica/")
    hit = client.get("/conditions/sciatica/")
    assert hit["X-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert hit[header] == miss[header], header


def test_search_results_are_not_page_cached(practice, page_cache):
    client = Client()
    for _ in range(2):
        assert "X-Cache" not in client.get("/search/?q=sciatica")


def test_a_spelling_the_database_matches_otherwise_does_not_empty_a_search(page_cache):
    # Issue 26.15: a long s folds to "s", but the database does not match it so.
    ConditionFactory(name="Spinal Stenosis", slug="spinal-stenosis")
    client = Client()
    client.get("/search/?q=%C5%BFteno%C5%BFi%C5%BF")
    assert ">Spinal Stenosis</a>" in client.get("/search/?q=stenosis").content.decode()
    # Nor the other way round, nor with a capital the database folds otherwise.
    client.get("/search/?q=%C4%B0STENOSIS")  # a dotted capital I
    assert ">Spinal Stenosis</a>" in client.get("/search/?q=STENOSIS").content.decode()


def test_static_files_never_reach_the_page_cache(page_cache, monkeypatch):
    class Watched:
        asked = []

        def get_many(self, keys):
            self.asked.append(keys)
            return {}

    monkeypatch.setattr(pagecache, "cache", Watched())
    response = Client().get("/static/css/site.css?v=1")
    assert response.status_code == 200
    assert Watched.asked == []
