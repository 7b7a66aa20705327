"""Write every page's stored HTML again from its Markdown: run after a change to the
sanitizer or the Markdown settings (core/markdown.py), and once after the migrations that
add the stored HTML."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core import pagecache
from core.markdown import RenderedMarkdown, rebuild_rendered_html


class Command(BaseCommand):
    help = "Render every stored Markdown text to sanitized HTML again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for model in apps.get_models():
                if issubclass(model, RenderedMarkdown):
                    count = rebuild_rendered_html(model.objects.all())
                    self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
            transaction.on_commit(pagecache.invalidate)
