from django.conf import settings

from .clinic import get_clinic


def clinic(request):
    """The clinic's identity and public address, for the frame and structured data."""
    return {"clinic": get_clinic(), "site_url": settings.SITE_URL}
