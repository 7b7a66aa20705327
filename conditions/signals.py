"""Any change to published content retires every cached page, once the change commits."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.pagecache import invalidate_on_commit as invalidate_pages


def connect():
    from .models import Condition, ConditionFAQ, ConditionTreatment, Treatment

    for model in (Condition, Treatment, ConditionTreatment, ConditionFAQ):
        post_save.connect(
            invalidate_pages, sender=model, dispatch_uid=f"pages-save-{model.__name__}"
        )
        post_delete.connect(
            invalidate_pages, sender=model, dispatch_uid=f"pages-delete-{model.__name__}"
        )
    m2m_changed.connect(
        invalidate_pages,
        sender=Condition.related_conditions.through,
        dispatch_uid="pages-related-conditions",
    )
