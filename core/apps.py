from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site-wide machinery"

    def ready(self):
        from . import local_caches  # noqa: F401 - connects its settings-change receiver
