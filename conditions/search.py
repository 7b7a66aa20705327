"""Full-text search on PostgreSQL: the one definition of what is indexed and how it is
searched. Each page keeps its words in `search_vector`, which a database trigger fills
from the page's SEARCH_FIELDS on every insert and update (bulk ones too); the migration
builds the trigger and the indexes from here, the queryset searches with `query()`.

Pages are written per language (django-modeltranslation): the trigger reads every
language's columns (`language_columns`), so one vector holds the English and the Spanish
words, and a search from /es/ finds Spanish text. Index and query share one configuration
(English stemming), which leaves Spanish words whole or stemmed alike on both sides."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery
from django.db.models import F
from modeltranslation.utils import build_localized_fieldname, get_language

CONFIG = "pg_catalog.english"


def query(text):
    """Every word of `text`, stemmed, as websearch_to_tsquery reads it (no syntax errors)."""
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def localized(field):
    """The column of a translated field in the active language (name_es under /es/)."""
    return build_localized_fieldname(field, get_language())


def name_like(text):
    """A name in the page's language spelled nearly like `text` (pg_trgm's `%` operator,
    from the trigram index)."""
    return TrigramSimilar(F(localized("name")), text)


def language_columns(fields):
    """Each field's column in every site language: name_en, name_es, summary_en..."""
    return [
        build_localized_fieldname(field, code) for field in fields for code, _ in settings.LANGUAGES
    ]


def indexes(db_table, name_columns=("name",)):
    """The words' index, and a trigram index on each name column (see `name_like`):
    `name` before pages had languages (migration 0005), one per language since (0006)."""
    return [
        GinIndex(fields=["search_vector"], name=f"{db_table}_search"),
        *name_indexes(db_table, name_columns),
    ]


def name_indexes(db_table, columns):
    return [
        GinIndex(fields=[column], opclasses=["gin_trgm_ops"], name=f"{db_table}_{column}_trgm")
        for column in columns
    ]


def trigger_sql(db_table, fields):
    """The trigger that keeps `search_vector` (PostgreSQL's own tsvector_update_trigger)."""
    columns = ", ".join(fields)
    return (
        f"CREATE TRIGGER {db_table}_search_vector BEFORE INSERT OR UPDATE ON {db_table} "
        f"FOR EACH ROW EXECUTE FUNCTION "
        f"tsvector_update_trigger(search_vector, '{CONFIG}', {columns})"
    )
