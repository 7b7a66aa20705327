from django.db import migrations

from core.staff_groups import group_operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0001_initial"),
    ]

    # Content editors edit condition and treatment pages, and nothing else.
    operations = [
        group_operation(
            "Content editors",
            "conditions",
            models=(
                "condition",
                "treatment",
                "conditionfaq",
                "conditiontreatment",
                "conditionslugredirect",
                "treatmentslugredirect",
            ),
        )
    ]
