from django.db import migrations

from core.staff_groups import group_operation


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0004_notification_outbox"),
    ]

    # The front desk sees which alerts are waiting or failed (read-only).
    operations = [group_operation("Front desk", "appointments", codenames=("view_notification",))]
