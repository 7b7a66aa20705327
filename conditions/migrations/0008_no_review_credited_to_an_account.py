from django.conf import settings
from django.db import migrations

PAGE_MODELS = ("condition", "treatment")


def withdraw_credits_to_accounts(apps, schema_editor):
    """A sign-off by an account without a clinician profile credited the account's name
    (its username, or its first and last name): such a page names no reviewer any more
    and is due for a clinician's review at once (issue 24.3)."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    names = set()
    for username, first_name, last_name in User.objects.values_list(
        "username", "first_name", "last_name"
    ):
        names |= {username, f"{first_name} {last_name}".strip()}
    names.discard("")
    if not names:
        return
    for model_name in PAGE_MODELS:
        apps.get_model("conditions", model_name).objects.filter(
            reviewer__isnull=True, reviewed_by__in=names
        ).update(reviewed_by="", last_reviewed=None, next_review_due=None)


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("conditions", "0007_reviewer_credentials_and_multiline_text"),
    ]

    operations = [migrations.RunPython(withdraw_credits_to_accounts, migrations.RunPython.noop)]
