from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views


class SiteUrlSitemap(Sitemap):
    """Sitemap entries on the configured SITE_URL, not on whatever Host a request used."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def index(request, **kwargs):
    """Django's sitemap index, its links on SITE_URL like the sitemaps' own entries
    (Django writes them on the Host of the request)."""
    response = views.index(request, **kwargs)
    request_root = f"{request.scheme}://{request.get_host()}"
    for item in response.context_data["sitemaps"]:
        item.location = settings.SITE_URL + item.location.removeprefix(request_root)
    return response
