"""Phones stored before the form wrote every script's digits as ASCII (issue 13): the
same rewrite, so they match new requests as possible duplicates. Only digits change; the
form already wrote the rest of the number in ASCII."""

import unicodedata

from django.db import migrations


def phones_in_ascii_digits(apps, schema_editor):
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    changed = []
    for request in AppointmentRequest.objects.filter(phone__regex=r"[^ -~]").only("phone"):
        request.phone = "".join(
            str(unicodedata.decimal(char)) if char.isdecimal() else char for char in request.phone
        )
        changed.append(request)
    AppointmentRequest.objects.bulk_update(changed, ["phone"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("appointments", "0006_accesslog_refused_action")]

    operations = [migrations.RunPython(phones_in_ascii_digits, migrations.RunPython.noop)]
