from django.urls import reverse

from core.sitemaps import SiteUrlSitemap


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
            "language_help:notice",
        ]

    def location(self, item):
        return reverse(item)
