"""Every cache a worker keeps in its own memory, and what keeps each one current.

- The frame (`{% cache ... using="frame" %}` in base.html): the header, footer and
  asset links, rendered once per worker: a fixed number of entries a generation. Each entry
  is keyed by the content generation (core.pagecache), which any content change renews
  for every worker and server at once, so whatever the frame shows from the database
  is never older than the cached pages around it. Old generations' entries are culled.
- Live condition and treatment pages' main part and JSON-LD (the "page_parts" cache,
  `{% cache ... using="page_parts" %}` in conditions/content_page.html): keyed like the
  frame by the content generation, and by the page's address; a bounded number, the
  least recently read going first. Only where the generation is shared (the page cache
  is on), never for a preview.
- The clinic's identity (core.clinic.get_clinic): built from settings only.
- Markdown as HTML (core.markdown.render_markdown) and plain text for JSON-LD: keyed
  by the text itself, so an edited text is a new key and nothing goes stale.
- Compiled page queries (core.compiled_queries): built from code only.
- Pages' own addresses (`page_url`): reverse() takes tens of microseconds, a condition
  page links a dozen pages (the cards), and a URL depends only on its name and slug and
  on the URLconf and script prefix in force, which are part of the key. Sized for a few
  thousand pages (conditions, treatments, clinicians, locations, practice pages); the
  least recently used go first.
- Pages' addresses in the other languages (`translated_path`, for hreflang links and the
  language switch): translate_url() resolves and reverses the path, a fifth of what a page
  that keeps its body (conditions/content_page.html) costs. Keyed like `page_url`, and by
  the path, which only reaches here once it matched a URL pattern; as many entries kept.

Only tests change settings at run time; `clear()` forgets what depends on them.
"""

from functools import lru_cache

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language

# Settings the frame and the clinic's identity are built from.
FRAME_SETTINGS = {"CLINIC", "ROOT_URLCONF", "STATIC_URL", "STORAGES", "SITE_URL"}


PAGE_URLS_KEPT = 10_000


@lru_cache(maxsize=PAGE_URLS_KEPT)
def _page_url(view_name, slug, script_prefix, urlconf, language):
    return reverse(view_name, urlconf=urlconf, kwargs={"slug": slug})


def page_url(view_name, slug):
    """reverse(view_name, kwargs={"slug": slug}), kept per process (see above) and per
    language (Spanish pages live under /es/)."""
    return _page_url(view_name, slug, get_script_prefix(), get_urlconf(), get_language())


@lru_cache(maxsize=PAGE_URLS_KEPT)
def _translated_path(path, language, script_prefix, urlconf):
    return translate_url(path, language)


def translated_path(path, language):
    """translate_url(path, language), kept per process (see above)."""
    return _translated_path(path, language, get_script_prefix(), get_urlconf())


def clear():
    caches["frame"].clear()
    caches["page_parts"].clear()
    _page_url.cache_clear()
    _translated_path.cache_clear()


@receiver(setting_changed)
def _forget_what_settings_built(setting, **kwargs):
    if setting in FRAME_SETTINGS:
        clear()
