"""Any change to the practice's public content retires every cached page, once it commits:
clinicians appear on condition pages, locations on the contact page and the form."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.pagecache import invalidate_on_commit as invalidate_pages


def connect():
    from .models import (
        Clinician,
        InsurancePlan,
        Location,
        OpeningHours,
        SitePage,
        SitePageQuestion,
        SpecialHours,
    )

    for model in (
        Clinician,
        Location,
        OpeningHours,
        SpecialHours,
        InsurancePlan,
        SitePage,
        SitePageQuestion,
    ):
        post_save.connect(
            invalidate_pages, sender=model, dispatch_uid=f"practice-save-{model.__name__}"
        )
        post_delete.connect(
            invalidate_pages, sender=model, dispatch_uid=f"practice-delete-{model.__name__}"
        )
    # Condition.clinicians is declared on the condition; its table is shared.
    for through in (Clinician.locations.through, Clinician.conditions_treated.through):
        m2m_changed.connect(
            invalidate_pages, sender=through, dispatch_uid=f"practice-m2m-{through.__name__}"
        )
