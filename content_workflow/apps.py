from django.apps import AppConfig


class ContentWorkflowConfig(AppConfig):
    name = "content_workflow"
    verbose_name = "Content review"

    def ready(self):
        from django.db.models.signals import post_delete

        from . import checks  # noqa: F401 - registers the go-live check
        from .models import delete_versions
        from .snapshots import page_models

        # A deleted page takes its drafts and versions with it. (A GenericRelation would
        # too, but would make the admin ask for permission to delete versions.)
        for model in page_models():
            post_delete.connect(delete_versions, sender=model, dispatch_uid=f"versions-{model}")
