from django.apps import AppConfig


class ContentWorkflowConfig(AppConfig):
    name = "content_workflow"
    verbose_name = "Content review"

    def ready(self):
        from . import checks, retention  # noqa: F401 - register their system checks
