from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = "Conditions and treatments"

    def ready(self):
        from core import pagecache

        from . import checks, signals  # noqa: F401 - checks registers the deploy checks
        from .models import next_scheduled_publication

        signals.connect()
        pagecache.register_schedule(next_scheduled_publication)
