"""Site search over conditions and treatments (issue 3)."""

import pytest

from core import pagecache

from .factories import ConditionFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def test_search_finds_conditions_and_treatments_by_name_summary_and_text(client):
    ConditionFactory(name="Sciatica", summary="Pain down the leg.")
    ConditionFactory(name="Neck Pain", overview="Pain that can spread into the leg rarely.")
    TreatmentFactory(name="Physical Therapy", description="Exercises for the leg and back.")
    ConditionFactory(name="Headaches")
    response = client.get("/search/", {"q": "leg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 results for “leg”" in html
    for name in ("Sciatica", "Neck Pain", "Physical Therapy"):
        assert f">{name}</a>" in html
    assert ">Headaches</a>" not in html


def test_the_query_stays_in_the_box_escaped(client):
    html = client.get("/search/", {"q": '"><script>alert(1)</script>'}).content.decode()
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "<script>alert(1)" not in html


def test_no_results_suggests_what_to_do(client):
    ConditionFactory(name="Sciatica")
    html = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "No results for “zebra”" in html
    assert 'href="/conditions/"' in html
    assert 'href="tel:+15550100123"' in html


def test_drafts_are_not_found(client):
    ConditionFactory(name="Secret Draft", is_published=False)
    assert "Secret Draft" not in client.get("/search/", {"q": "secret"}).content.decode()


def test_search_results_are_not_indexed_and_queries_are_bounded(
    client, django_assert_max_num_queries
):
    ConditionFactory(name="Sciatica")
    pagecache.current_generation()  # started once per content change, not per page
    with django_assert_max_num_queries(2):
        html = client.get("/search/", {"q": " ".join(["pain"] * 50) + "x" * 500}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html


def test_results_are_kept_per_normalised_query_until_content_changes(
    client, page_cache, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    condition = ConditionFactory(name="Sciatica")
    pagecache.current_generation()
    client.get("/search/", {"q": "sciatica"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", {"q": "  SCIATICA "}).content.decode()
    assert len(queries) == 0
    assert ">Sciatica</a>" in html
    condition.name = "Sciatic nerve pain"
    with django_capture_on_commit_callbacks(execute=True):
        condition.save()
    html = client.get("/search/", {"q": "sciatica"}).content.decode()
    assert ">Sciatica</a>" not in html
