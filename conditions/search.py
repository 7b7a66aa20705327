"""Full-text search on PostgreSQL: the one definition of what is indexed and how it is
searched. Each page keeps its words in `search_vector`, which a database trigger fills
from the page's SEARCH_FIELDS on every insert and update (bulk ones too); the migration
builds the trigger and the indexes from here, the queryset searches with `query()`."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery
from django.db.models import F

CONFIG = "pg_catalog.english"


def query(text):
    """Every word of `text`, stemmed, as websearch_to_tsquery reads it (no syntax errors)."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def name_like(text):
    """A name spelled nearly like `text` (pg_trgm's `%` operator, from the trigram index)."""
    return TrigramSimilar(F("name"), text)


def indexes(db_table):
    return [
        GinIndex(fields=["search_vector"], name=f"{db_table}_search"),
        # For names spelled nearly right (pg_trgm's `%` operator).
        GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name=f"{db_table}_name_trgm"),
    ]


def trigger_sql(db_table, fields):
    """The trigger that keeps `search_vector` (PostgreSQL's own tsvector_update_trigger)."""
    columns = ", ".join(fields)
    return (
        f"CREATE TRIGGER {db_table}_search_vector BEFORE INSERT OR UPDATE ON {db_table} "
        f"FOR EACH ROW EXECUTE FUNCTION "
        f"tsvector_update_trigger(search_vector, '{CONFIG}', {columns})"
    )
