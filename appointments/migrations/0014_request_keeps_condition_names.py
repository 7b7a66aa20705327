"""A request keeps the name of the condition it asked about, in each language, so deleting
the condition (FK SET_NULL) no longer blanks it (issue 24, item 11). Requests already
stored take their condition's names now, by the rule new requests follow
(`appointments.models.kept_condition_names`)."""

from django.db import migrations, models

from appointments.models import kept_condition_names


def keep_condition_names(apps, schema_editor):
    AppointmentRequest = apps.get_model("appointments", "AppointmentRequest")
    Condition = apps.get_model("conditions", "Condition")
    named = AppointmentRequest.objects.filter(condition__isnull=False)
    for condition in Condition.objects.filter(pk__in=named.values("condition")):
        named.filter(condition=condition).update(condition_names=kept_condition_names(condition))


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0013_search_folded_names_and_digit_trigrams"),
        ("conditions", "0006_content_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointmentrequest",
            name="condition_names",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(keep_condition_names, migrations.RunPython.noop, elidable=True),
    ]
