"""Go-live check: medical pages need a clinician who can sign them off."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import checks
from django.db import DatabaseError
from django.db.models import Q

APPROVE = ("content_workflow", "approve_medical_content")


def clinicians_who_can_sign_off():
    """Active staff accounts with a clinician profile (the public credit of a sign-off)
    and the approval permission, through a group, their own account or as superusers."""
    app_label, codename = APPROVE
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, clinician__isnull=False)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permission)
            | Q(groups__permissions__in=permission)
        )
        .distinct()
    )


@checks.register(deploy=True)
def check_a_clinician_can_sign_off(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        if clinicians_who_can_sign_off().exists():
            return []
    except DatabaseError:  # not migrated yet
        return []
    return [
        checks.Error(
            "No clinician can sign off medical pages: no active staff account with "
            "'Can approve medical content' is linked to a clinician profile, so no "
            "medical change could be published.",
            hint="An administrator links the reviewer's staff account on their clinician "
            "page (Medical sign-off) and puts the account in the Clinical reviewers group.",
            id="content_workflow.E001",
        )
    ]
