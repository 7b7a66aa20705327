"""What condition and treatment pages read, fetched with fixed SQL.

These run on every condition or treatment page the page cache does not answer. The ORM
spends about 0.3 ms of Python building each such query, against under 0.1 ms to run it,
and every query is a round trip to the database server. So a public page is read with
SQL built once from the models' metadata: one query for the page and one for all of its
lists, with the same model instances, parameters and results on SQLite and PostgreSQL.
Staff previews and everything else use the ORM.
"""

from functools import cache, lru_cache
from typing import NamedTuple

from django.db import connections
from django.utils import timezone

from .models import Condition, ConditionFAQ, ConditionTreatment, Treatment

CARD_FIELDS = ("id", "name", "slug", "summary")
FAQ_FIELDS = ("id", "question", "answer")


class ConditionLists(NamedTuple):
    treatments: list
    faqs: list
    related_conditions: list


def _published(alias):
    # Same rule as ContentQuerySet.published(): ticked, and publish time passed.
    return f"{alias}.is_published = %s AND {alias}.publish_at <= %s"


@cache
def _sql():
    treatments = Treatment._meta.db_table
    conditions = Condition._meta.db_table
    links = ConditionTreatment._meta.db_table
    faqs = ConditionFAQ._meta.db_table
    related = Condition.related_conditions.through._meta
    related_from = related.get_field("from_condition").column
    related_to = related.get_field("to_condition").column
    return {
        "page": {
            model: (
                f"SELECT {', '.join(field.column for field in model._meta.concrete_fields)} "
                f"FROM {model._meta.db_table} p WHERE p.slug = %s AND {_published('p')}"
            )
            for model in (Condition, Treatment)
        },
        # The three lists of a condition page in one query: each row says which list it
        # belongs to (0, 1, 2), then how it sorts within that list, then its fields in
        # the model's field order (what Model.from_db expects), padded to four.
        "condition_lists": (
            f"SELECT 0, l.sort_order, '', l.id, t.id, t.name, t.slug, t.summary "
            f"FROM {treatments} t JOIN {links} l ON l.treatment_id = t.id "
            f"WHERE l.condition_id = %s AND {_published('t')} "
            f"UNION ALL "
            f"SELECT 1, f.sort_order, '', f.id, f.id, f.question, f.answer, '' "
            f"FROM {faqs} f WHERE f.condition_id = %s "
            f"UNION ALL "
            f"SELECT 2, c.sort_order, c.name, c.id, c.id, c.name, c.slug, c.summary "
            f"FROM {conditions} c JOIN {related.db_table} r ON r.{related_to} = c.id "
            f"WHERE r.{related_from} = %s AND {_published('c')} "
            f"ORDER BY 1, 2, 3, 4"
        ),
        "conditions_treated": (
            f"SELECT c.id, c.name, c.slug, c.summary FROM {conditions} c "
            f"JOIN {links} l ON l.condition_id = c.id "
            f"WHERE l.treatment_id = %s AND {_published('c')} ORDER BY c.sort_order, c.name"
        ),
    }


def _now(model):
    return connections[model.objects.db].ops.adapt_datetimefield_value(timezone.now())


@lru_cache(maxsize=16)  # per model and connection; threaded servers open one per thread
def _page_converters(model, connection):
    """What turns each of a page row's values into the field's Python value, as the ORM
    does (dates, booleans and JSON on SQLite), found once rather than on every page."""
    converters = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if functions:
            converters.append((index, column, functions))
    return converters


def live_page(model, slug):
    """The published condition or treatment at `slug`, or None."""
    db = model.objects.db
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(_sql()["page"][model], [slug, True, _now(model)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, column, functions in _page_converters(model, connection):
        for convert in functions:
            values[index] = convert(values[index], column, connection)
    return model.from_db(db, _field_names(model), values)


@cache
def _field_names(model):
    return [field.attname for field in model._meta.concrete_fields]


def condition_lists(condition):
    """A condition's live treatments (in the condition's order), FAQs and live related
    conditions, as deferred model instances with only what the page shows."""
    now = _now(Condition)
    db = Condition.objects.db
    lists = ConditionLists([], [], [])
    builders = (
        (lists.treatments, Treatment, CARD_FIELDS),
        (lists.faqs, ConditionFAQ, FAQ_FIELDS),
        (lists.related_conditions, Condition, CARD_FIELDS),
    )
    with connections[db].cursor() as cursor:
        cursor.execute(
            _sql()["condition_lists"],
            [condition.pk, True, now, condition.pk, condition.pk, True, now],
        )
        for kind, _, _, _, *values in cursor.fetchall():
            items, model, fields = builders[kind]
            items.append(model.from_db(db, fields, values[: len(fields)]))
    return lists


def live_conditions_treated(treatment):
    return list(
        Condition.objects.raw(_sql()["conditions_treated"], [treatment.pk, True, _now(Condition)])
    )
