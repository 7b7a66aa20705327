"""Full-text search on PostgreSQL (conditions/search.py): the words column, the trigger
that fills it, GIN indexes. The column stays empty on other databases, which search
with icontains."""

import django.contrib.postgres.search
from django.db import migrations

from conditions import search

SEARCH_FIELDS = {
    "Condition": (
        "name",
        "summary",
        "overview",
        "causes",
        "symptoms",
        "diagnosis",
        "treatment_approach",
    ),
    "Treatment": ("name", "summary", "description", "what_to_expect"),
}


def add_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, fields in SEARCH_FIELDS.items():
        model = apps.get_model("conditions", name)
        table = model._meta.db_table
        schema_editor.execute(search.trigger_sql(table, fields))
        # Fill the column of the pages already there (the trigger runs on update).
        schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")  # noqa: S608 (a model table)
        for index in search.indexes(table):
            schema_editor.add_index(model, index)


def remove_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_FIELDS:
        model = apps.get_model("conditions", name)
        table = model._meta.db_table
        for index in search.indexes(table):
            schema_editor.remove_index(model, index)
        schema_editor.execute(f"DROP TRIGGER {table}_search_vector ON {table}")


class Migration(migrations.Migration):
    dependencies = [("conditions", "0004_clinician_reviewer_and_clinicians")]

    operations = [
        migrations.AddField(
            model_name=model_name,
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        )
        for model_name in ("condition", "treatment")
    ] + [migrations.RunPython(add_search, remove_search)]
