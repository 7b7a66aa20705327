from django.db import migrations

from core.staff_groups import group_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("practice", "0001_initial"),
    ]

    # Content editors keep the team, locations, hours, insurance plans and practice
    # pages; the front desk gets none of it.
    operations = [
        group_operation(
            "Content editors",
            "practice",
            models=(
                "clinician",
                "location",
                "openinghours",
                "specialhours",
                "insuranceplan",
                "sitepage",
                "sitepagequestion",
            ),
        )
    ]
