from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import pagecache
from .clinic import get_clinic

# The main navigation's sections after the home page, each with the names (or the start
# of the names) of the views whose pages belong to it.
NAV_SECTIONS = (
    ("home", ("home",)),
    ("conditions", ("conditions:condition_",)),
    ("treatments", ("conditions:treatment_",)),
    ("providers", ("practice:clinician",)),
    ("locations", ("practice:location_",)),
    ("contact", ("appointments:contact",)),
    ("search", ("conditions:search",)),
)


def nav_section(request):
    """Which item of the main navigation the page belongs to ("" for none)."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    return next((section for section, views in NAV_SECTIONS if view_name.startswith(views)), "")


def clinic(request):
    """The clinic's identity and public address, for the frame and structured data, the
    page's place in the main navigation, and the content generation the frame is kept
    for (read from the shared cache only if a frame is rendered)."""
    return {
        "clinic": get_clinic(),
        "site_url": settings.SITE_URL,
        "nav_section": nav_section(request),
        "content_generation": SimpleLazyObject(lambda: pagecache.generation_id(request)),
    }
