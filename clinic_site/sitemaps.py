from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteUrlSitemap(Sitemap):
    """Sitemap entries on the configured SITE_URL, not on whatever Host a request used."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "conditions:condition_list",
            "conditions:treatment_list",
            "appointments:request",
            "appointments:contact",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)
