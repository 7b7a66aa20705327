from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from core.middleware import database_unavailable

from .models import SitePage

Placement = SitePage.Placement


def _linked_pages():
    try:
        pages = list(
            SitePage.objects.published()
            .exclude(show_in=Placement.NONE)
            .only("name", "slug", "show_in")
        )
    except DatabaseError:  # The frame still renders (a form re-shown during an outage).
        pages = []
    return {
        place: [page for page in pages if page.show_in == place]
        for place in (Placement.HEADER, Placement.FOOTER)
    }


def practice_links(request):
    """Practice pages linked from the header and the footer, as staff chose: one query,
    made only when the frame is rendered rather than taken from the frame cache. (The
    500 page renders without context processors, so without the database.)"""
    if database_unavailable(request):
        return {"practice_links": {Placement.HEADER: [], Placement.FOOTER: []}}
    return {"practice_links": SimpleLazyObject(_linked_pages)}
