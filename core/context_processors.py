from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import pagecache
from .clinic import get_clinic
from .middleware import database_unavailable


def clinic(request):
    """The clinic's identity and public address, for the frame and structured data, and
    the content generation the frame is kept for (read from the shared cache only if a
    frame is rendered)."""
    return {
        "clinic": get_clinic(from_database=not database_unavailable(request)),
        "site_url": settings.SITE_URL,
        "content_generation": SimpleLazyObject(lambda: pagecache.generation_id(request)),
    }
