"""Every cache a worker keeps in its own memory, and what keeps each one current.

- The frame (`{% cache ... using="frame" %}` in base.html): the header and footer,
  rendered once per worker: a fixed number of entries a generation. Each entry is keyed by
  the content generation (core.pagecache), which any content change renews for every
  worker and server at once, so whatever the frame shows from the database is never older
  than the cached pages around it. Old generations' entries are culled.
- The clinic's identity (core.clinic.get_clinic): built from settings only.
- Markdown as HTML (core.markdown.render_markdown) and plain text for JSON-LD: keyed
  by the text itself, so an edited text is a new key and nothing goes stale.

Only tests change settings at run time; `clear()` forgets what depends on them.
"""

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver

from .clinic import get_clinic

# Settings the frame and the clinic's identity are built from.
FRAME_SETTINGS = {"CLINIC", "ROOT_URLCONF", "STATIC_URL", "STORAGES", "SITE_URL"}


def clear():
    caches["frame"].clear()
    get_clinic.cache_clear()


@receiver(setting_changed)
def _forget_what_settings_built(setting, **kwargs):
    if setting in FRAME_SETTINGS:
        clear()
