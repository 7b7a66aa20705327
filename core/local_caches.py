"""Every cache a worker keeps in its own memory, and what keeps each one current.

- The frame (`{% cache ... using="frame" %}` in base.html): the header and footer,
  rendered once per worker: a fixed number of entries a generation. Each entry is keyed by
  the content generation (core.pagecache), which any content change renews for every
  worker and server at once, so whatever the frame shows from the database is never older
  than the cached pages around it. Old generations' entries are culled.
- The clinic's identity (core.clinic.get_clinic): the owner's last saved values, kept
  in the shared cache for a minute and per process for a database outage; a save
  replaces both at once.

Only tests change settings at run time; `clear()` forgets what depends on them.
"""

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver

# Settings the frame is built from.
FRAME_SETTINGS = {"CLINIC", "ROOT_URLCONF", "STATIC_URL", "STORAGES", "SITE_URL"}


def clear():
    caches["frame"].clear()


@receiver(setting_changed)
def _forget_what_settings_built(setting, **kwargs):
    if setting in FRAME_SETTINGS:
        clear()
