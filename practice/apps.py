from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Clinicians, locations and practice pages"

    def ready(self):
        from core import pagecache

        from . import signals
        from .models import next_scheduled_change

        signals.connect()
        pagecache.register_schedule(next_scheduled_change)
