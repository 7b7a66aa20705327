"""The front desk finds a request by any part of its name, without case or accents, and by
any 4 or more digits of its phone (issue 24, item 8).

Names are folded into `name_folded` by `appointments.models.folded`, the function that
folds the typed search: one rule for both sides, imported rather than copied. On
PostgreSQL both searches, LIKE '%...%', are served by trigram indexes made as the content
search's are (conditions/search.py); they replace the prefix index on the digits and the
trigram index on UPPER(full_name) (migration 0009). Other databases scan.
"""

from django.db import migrations, models

from appointments.models import folded
from conditions import search

BATCH = 2000
TRIGRAM_COLUMNS = ["name_folded", "phone_digits"]
OLD_NAME_INDEX = "appointment_name_trgm"


def fill_name_folded(apps, schema_editor):
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    batch = []
    for request in AppointmentRequest.objects.only("full_name").iterator(BATCH):
        request.name_folded = folded(request.full_name)
        batch.append(request)
        if len(batch) == BATCH:
            AppointmentRequest.objects.bulk_update(batch, ["name_folded"])
            batch = []
    AppointmentRequest.objects.bulk_update(batch, ["name_folded"])


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("appointments", "AppointmentRequest")
    for index in search.name_indexes(model._meta.db_table, TRIGRAM_COLUMNS):
        schema_editor.add_index(model, index)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_NAME_INDEX}")


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("appointments", "AppointmentRequest")
    table = model._meta.db_table
    for index in search.name_indexes(table, TRIGRAM_COLUMNS):
        schema_editor.remove_index(model, index)
    schema_editor.execute(
        f"CREATE INDEX {OLD_NAME_INDEX} ON {table} USING gin (UPPER(full_name) gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0012_csv_exports"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="appointmentrequest",
            name="appointment_phone_digits",
        ),
        migrations.AddField(
            model_name="appointmentrequest",
            name="name_folded",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_name_folded, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes),
    ]
