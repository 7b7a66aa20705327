from django.apps import AppConfig


class ContentWorkflowConfig(AppConfig):
    name = "content_workflow"
    verbose_name = "Content review"

    def ready(self):
        from django.db.models.signals import post_delete

        from . import checks, retention  # noqa: F401 - register their system checks
        from .models import keep_versions
        from .snapshots import page_models

        # A deleted page's versions are kept for a while (no GenericRelation, which would
        # delete them with it).
        for model in page_models():
            post_delete.connect(keep_versions, sender=model, dispatch_uid=f"versions-{model}")
