from django.db import migrations

from core.staff_groups import group_operation


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0009_removed_pages"),
        ("content_workflow", "0002_clinical_reviewers_group"),
    ]

    # Both content groups see the addresses of deleted pages and choose where to send
    # their visitors (none are added by hand).
    operations = [
        group_operation(group, "conditions", models=("removedpage",))
        for group in ("Content editors", "Clinical reviewers")
    ]
