"""Links to the practice's own pages, where staff chose to show them (header or footer)."""

import logging

from django import template
from django.db import DatabaseError

from ..models import SitePage

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def site_pages_in(place):
    """Published practice pages linked from `place` ("header" or "footer"). The frame
    keeps the result; the 500 page still renders, without these links, when the
    database is what failed."""
    try:
        return list(SitePage.objects.published().filter(show_in=place).only("name", "slug"))
    except DatabaseError:
        logger.warning("Practice page links left out: the database did not answer.")
        return []
