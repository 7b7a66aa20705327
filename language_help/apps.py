from django.apps import AppConfig


class LanguageHelpConfig(AppConfig):
    name = "language_help"
    verbose_name = "Language assistance"

    def ready(self):
        from core import pagecache

        from .models import Tagline

        # The notice page is page-cached: a changed tagline shows at once, after the commit.
        pagecache.invalidate_when_changed(Tagline)
