"""URL reversing, memoized: a page links to some thirty URLs, and `reverse()` costs
tens of microseconds each, for answers that never change while the process runs."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse


@lru_cache(maxsize=4096)
def cached_reverse(viewname, **kwargs):
    return reverse(viewname, kwargs=kwargs or None)


@receiver(setting_changed)
def _forget_on_urlconf_change(setting, **kwargs):
    # Only tests change the URLconf at run time.
    if setting == "ROOT_URLCONF":
        cached_reverse.cache_clear()
