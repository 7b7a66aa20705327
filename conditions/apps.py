from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = "Conditions and treatments"

    def ready(self):
        from django.db.models.signals import pre_delete

        from content_workflow.snapshots import register as register_workflow_pages
        from core import pagecache
        from practice.views import register_treated

        from . import checks  # noqa: F401 - registers the deploy checks
        from .models import (
            Condition,
            ConditionFAQ,
            ConditionTreatment,
            Treatment,
            next_scheduled_publication,
            remember_addresses,
        )

        # Any change to published content retires every cached page. Condition.clinicians
        # is declared here, so its table (a clinician's conditions) is too.
        pagecache.invalidate_when_changed(
            Condition,
            Treatment,
            ConditionTreatment,
            ConditionFAQ,
            Condition.related_conditions.through,
            Condition.clinicians.through,
        )
        pagecache.register_schedule(next_scheduled_publication)
        # A deleted published page's addresses answer 410 Gone (RemovedPage).
        for model in (Condition, Treatment):
            pre_delete.connect(
                remember_addresses, sender=model, dispatch_uid=f"pages-removed-{model.__name__}"
            )
        # Clinicians' pages list the conditions they treat; this app builds on practice.
        register_treated(Condition)
        # Drafts, sign-off and versions for condition and treatment pages.
        register_workflow_pages(Treatment, Condition)
