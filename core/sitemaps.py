from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteUrlSitemap(Sitemap):
    """Sitemap entries on the configured SITE_URL, not on whatever Host a request used."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PublishedSitemap(SiteUrlSitemap):
    """Every published item of `model` (with `published()`, a slug and `updated_at`)."""

    model = None
    changefreq = "monthly"

    def items(self):
        # A list, not a queryset: the paginator then counts it without a second query.
        return list(
            self.model.objects.published().only("slug", "updated_at").order_by("sort_order", "pk")
        )

    def lastmod(self, item):
        return item.updated_at
