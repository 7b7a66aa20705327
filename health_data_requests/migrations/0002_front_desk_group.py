from django.db import migrations

from core.staff_groups import group_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("appointments", "0002_front_desk_group"),
        ("health_data_requests", "0001_initial"),
    ]

    # The front desk views and answers health data requests. Deleting the appointment
    # requests one asks for also takes "delete appointment request", granted on purpose.
    operations = [
        group_operation(
            "Front desk",
            "health_data_requests",
            codenames=("view_healthdatarequest", "change_healthdatarequest"),
        )
    ]
