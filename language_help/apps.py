from django.apps import AppConfig
from django.db import transaction

from core import pagecache


def invalidate_pages(**kwargs):
    # The notice page is page-cached: a changed tagline shows at once, after the commit.
    transaction.on_commit(pagecache.invalidate)


class LanguageHelpConfig(AppConfig):
    name = "language_help"
    verbose_name = "Language assistance"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Tagline

        post_save.connect(invalidate_pages, sender=Tagline, dispatch_uid="tagline-save")
        post_delete.connect(invalidate_pages, sender=Tagline, dispatch_uid="tagline-delete")
