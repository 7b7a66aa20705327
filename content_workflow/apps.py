from django.apps import AppConfig


class ContentWorkflowConfig(AppConfig):
    name = "content_workflow"
    verbose_name = "Content review"
