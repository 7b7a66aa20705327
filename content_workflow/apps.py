from django.apps import AppConfig


class ContentWorkflowConfig(AppConfig):
    name = "content_workflow"
    verbose_name = "Content review"

    def ready(self):
        from core import pagecache

        from .models import next_scheduled_revision

        pagecache.register_schedule(next_scheduled_revision)
