from django.db import migrations

from core.staff_groups import group_operation

PAGE_MODELS = (
    "condition",
    "treatment",
    "conditionfaq",
    "conditiontreatment",
    "conditionslugredirect",
    "treatmentslugredirect",
)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conditions", "0002_content_editors_group"),
        ("content_workflow", "0001_revisions"),
    ]

    # Clinical reviewers edit pages as editors do, and sign off medical text. Both groups
    # see the list of drafts and versions (read-only; the work is on each page).
    operations = [
        group_operation(
            "Clinical reviewers",
            "content_workflow",
            codenames=("approve_medical_content", "view_revision"),
        ),
        group_operation("Clinical reviewers", "conditions", models=PAGE_MODELS),
        group_operation("Content editors", "content_workflow", codenames=("view_revision",)),
    ]
