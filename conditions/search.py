"""Full-text search on PostgreSQL: the one definition of what is indexed and how it is
searched (the migration builds its indexes from these, the queryset queries them)."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchQuery, SearchVector

CONFIG = "english"


def vector(fields):
    """The words of a page's searchable fields, stemmed (an expression the GIN index holds)."""
    return SearchVector(*fields, config=CONFIG)


def query(text):
    """Every word of `text`, stemmed, as websearch_to_tsquery reads it (no syntax errors)."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def indexes(db_table, fields):
    return [
        GinIndex(vector(fields), name=f"{db_table}_search"),
        # For names spelled nearly right (pg_trgm's `%` operator).
        GinIndex(OpClass("name", name="gin_trgm_ops"), name=f"{db_table}_name_trgm"),
    ]
