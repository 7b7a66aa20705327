"""The lists on condition and treatment pages, fetched with fixed SQL.

These run on every condition or treatment page the page cache does not answer. The ORM
spends about 0.3 ms of Python building each such query, against under 0.1 ms to run it,
so these use `Model.objects.raw()` with SQL built once from the models' metadata: the
same model instances, the same parameters and results on SQLite and PostgreSQL,
without the per-request query compilation. Everything else uses the ORM.
"""

from functools import cache

from django.db import connections
from django.utils import timezone

from .models import Condition, ConditionFAQ, ConditionTreatment, Treatment

CARD_COLUMNS = "{t}.id, {t}.name, {t}.slug, {t}.summary"


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
        "treatments": (
            f"SELECT {CARD_COLUMNS.format(t='t')} FROM {treatments} t "
            f"JOIN {links} l ON l.treatment_id = t.id "
            f"WHERE l.condition_id = %s AND {_published('t')} ORDER BY l.sort_order, l.id"
        ),
        "conditions": (
            f"SELECT {CARD_COLUMNS.format(t='c')} FROM {conditions} c "
            f"JOIN {links} l ON l.condition_id = c.id "
            f"WHERE l.treatment_id = %s AND {_published('c')} ORDER BY c.sort_order, c.name"
        ),
        "related": (
            f"SELECT {CARD_COLUMNS.format(t='c')} FROM {conditions} c "
            f"JOIN {related.db_table} r ON r.{related_to} = c.id "
            f"WHERE r.{related_from} = %s AND {_published('c')} ORDER BY c.sort_order, c.name"
        ),
        "faqs": (
            f"SELECT id, question, answer FROM {faqs} WHERE condition_id = %s ORDER BY sort_order, id"
        ),
    }


def _live(model, query, pk):
    now = connections[model.objects.db].ops.adapt_datetimefield_value(timezone.now())
    return list(model.objects.raw(_sql()[query], [pk, True, now]))


def live_treatments(condition):
    """The published treatments offered for a condition, in the condition's order."""
    return _live(Treatment, "treatments", condition.pk)


def live_related_conditions(condition):
    return _live(Condition, "related", condition.pk)


def live_conditions_treated(treatment):
    return _live(Condition, "conditions", treatment.pk)


def faqs(condition):
    return list(ConditionFAQ.objects.raw(_sql()["faqs"], [condition.pk]))
