"""GIN indexes for search on PostgreSQL (conditions/search.py); nothing elsewhere."""

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


def search_indexes(apps):
    for name, fields in SEARCH_FIELDS.items():
        model = apps.get_model("conditions", name)
        for index in search.indexes(model._meta.db_table, fields):
            yield model, index


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model, index in search_indexes(apps):
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in search_indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("conditions", "0002_content_editors_group")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
