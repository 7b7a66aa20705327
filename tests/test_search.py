"""Site search over conditions and treatments (issue 3)."""

import itertools

import pytest
from django.db import connection
from django.utils import translation

from conditions.models import Condition, Treatment
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
    client.get("/search/")  # the header and footer are kept once rendered
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


# The PostgreSQL path, defined when the suite runs on PostgreSQL (CI's second run): a skip
# would fail CI's SQLite run, which tests the fallback above.
if connection.vendor == "postgresql":

    @pytest.mark.postgres
    class TestFullTextSearchOnPostgreSQL:
        def test_words_match_in_any_form_and_names_spelled_nearly_right(self, client):
            ConditionFactory(name="Sciatica", overview="Pain when sitting and walking.")
            TreatmentFactory(name="Nerve Blocks", description="Injections that calm a nerve.")
            assert ">Sciatica</a>" in client.get("/search/", {"q": "walks"}).content.decode()
            assert (
                ">Nerve Blocks</a>" in client.get("/search/", {"q": "injection"}).content.decode()
            )
            assert ">Sciatica</a>" in client.get("/search/", {"q": "sciatca"}).content.decode()
            # Search syntax in the box is read as words, never an error.
            for text in ('"unclosed', "a & | ! b", "-", "or or"):
                assert client.get("/search/", {"q": text}).status_code == 200, text

        def test_edited_and_bulk_made_pages_are_found_by_their_words(self, client):
            condition = ConditionFactory(name="Sciatica")
            condition.symptoms = "A burning feeling in the calf."
            condition.save()
            Treatment.objects.bulk_create(
                [
                    Treatment(
                        name="Heat",
                        slug="heat",
                        summary="Warmth.",
                        description="Soothes the calf.",
                        is_published=True,
                    )
                ]
            )
            assert ">Sciatica</a>" in client.get("/search/", {"q": "burns"}).content.decode()
            assert ">Heat</a>" in client.get("/search/", {"q": "soothing"}).content.decode()

        def test_the_search_is_answered_from_gin_indexes(self):
            ConditionFactory()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                for model, language in itertools.product((Condition, Treatment), ("en", "es")):
                    with translation.override(language):
                        queryset = model.objects.published().search(["walking"])
                    sql, params = queryset.query.sql_with_params()
                    cursor.execute(f"EXPLAIN {sql}", params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    table = model._meta.db_table
                    assert f"{table}_search" in plan, plan
                    # The name in the page's language (migration 0006).
                    assert f"{table}_name_{language}_trgm" in plan, plan


@pytest.mark.parametrize("name", ["0005_postgresql_search", "0006_content_per_language"])
def test_the_migration_indexes_the_fields_the_search_reads(name):
    from importlib import import_module

    migration = import_module(f"conditions.migrations.{name}")
    assert migration.SEARCH_FIELDS == {
        "Condition": Condition.SEARCH_FIELDS,
        "Treatment": Treatment.SEARCH_FIELDS,
    }


@pytest.mark.django_db(transaction=True)
def test_the_language_migration_copies_the_text_and_keeps_it_searchable():
    """conditions 0006: the text written before pages had languages becomes English, and
    (on PostgreSQL) the search words come from every language's columns."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("conditions", "0005_postgresql_search")]
    after = [("conditions", "0006_content_per_language")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("conditions", "Condition")
    old.objects.create(
        name="Sciatica",
        slug="sciatica",
        summary="Pain down the leg.",
        overview="Pain when walking.",
        body_region="nerves",
        is_published=True,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    page = Condition.objects.get(slug="sciatica")
    assert (page.name_en, page.overview_en, page.name_es) == (
        "Sciatica",
        "Pain when walking.",
        None,
    )
    if connection.vendor == "postgresql":
        Condition.objects.filter(pk=page.pk).update(overview_es="Dolor al caminar.")
        with translation.override("es"):
            found = Condition.objects.published().search(["caminar"])
            assert [result.pk for result in found] == [page.pk]
