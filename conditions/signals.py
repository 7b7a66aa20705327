"""Any change to published content retires every cached page, once the change commits.
A deleted published page leaves its addresses behind as removed pages (410 Gone)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from core.pagecache import invalidate_on_commit as invalidate_pages


def remember_addresses(sender, instance, **kwargs):
    """Before a published page is deleted (with its old addresses), keep its addresses
    as removed pages. Demo content leaves none behind."""
    from .models import RemovedPage

    if not instance.is_published or instance.is_demo:
        return
    slugs = [instance.slug, *instance.slug_redirects.values_list("old_slug", flat=True)]
    RemovedPage.objects.bulk_create(
        [
            RemovedPage(kind=sender._meta.model_name, slug=slug, name=instance.name)
            for slug in slugs
        ],
        ignore_conflicts=True,
    )


def connect():
    from .models import Condition, ConditionFAQ, ConditionTreatment, Treatment

    for model in (Condition, Treatment, ConditionTreatment, ConditionFAQ):
        post_save.connect(
            invalidate_pages, sender=model, dispatch_uid=f"pages-save-{model.__name__}"
        )
        post_delete.connect(
            invalidate_pages, sender=model, dispatch_uid=f"pages-delete-{model.__name__}"
        )
    for model in (Condition, Treatment):
        pre_delete.connect(
            remember_addresses, sender=model, dispatch_uid=f"pages-removed-{model.__name__}"
        )
    m2m_changed.connect(
        invalidate_pages,
        sender=Condition.related_conditions.through,
        dispatch_uid="pages-related-conditions",
    )
