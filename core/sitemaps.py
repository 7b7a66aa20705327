from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteUrlSitemap(Sitemap):
    """Sitemap entries on the configured SITE_URL, not on whatever Host a request used.

    Each page once per language, with its other-language versions and x-default (English).
    """

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
