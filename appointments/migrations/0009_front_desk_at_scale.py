"""The front desk at scale: phone search by digits, and name search by trigram.

The trigram index (PostgreSQL only) serves the admin's UPPER(full_name) LIKE '%...%'
search; on SQLite the search stays a scan, which is fine at its sizes.
"""

import re

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

NAME_TRIGRAM_INDEX = "appointment_name_trgm"


def fill_phone_digits(apps, schema_editor):
    # The rule of models.phone_digits(), copied: a migration must not change with the model.
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    batch = []
    for request in AppointmentRequest.objects.exclude(phone="").only("phone").iterator(2000):
        request.phone_digits = re.sub(r"[^0-9]", "", request.phone.split("ext.")[0])
        batch.append(request)
        if len(batch) == 2000:
            AppointmentRequest.objects.bulk_update(batch, ["phone_digits"])
            batch = []
    AppointmentRequest.objects.bulk_update(batch, ["phone_digits"])


def add_name_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {NAME_TRIGRAM_INDEX} ON appointments_appointmentrequest "
            "USING gin (UPPER(full_name) gin_trgm_ops)"
        )


def drop_name_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME_TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0008_preferred_location"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointmentrequest",
            name="phone_digits",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddIndex(
            model_name="appointmentrequest",
            index=models.Index(
                fields=["phone_digits"],
                name="appointment_phone_digits",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.RunPython(fill_phone_digits, migrations.RunPython.noop, elidable=True),
        # Both skip themselves on databases other than PostgreSQL.
        TrigramExtension(),
        migrations.RunPython(add_name_trigram_index, drop_name_trigram_index),
    ]
