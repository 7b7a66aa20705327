from django.db import migrations

from core.staff_groups import group_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("appointments", "0001_initial"),
    ]

    # The front desk views and works through requests. Exporting to CSV and deleting are
    # separate permissions an administrator grants to individual users on purpose.
    operations = [
        group_operation(
            "Front desk",
            "appointments",
            codenames=("view_appointmentrequest", "change_appointmentrequest"),
        )
    ]
