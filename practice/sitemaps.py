from django.urls import reverse

from core.sitemaps import PublishedSitemap, SiteUrlSitemap

from .models import Clinician, Location, SitePage


class PracticeIndexSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["practice:clinician_list", "practice:location_list", "practice:insurance"]

    def location(self, item):
        return reverse(item)


class EnglishOnlySitemap(PublishedSitemap):
    """The practice's pages are not yet written in Spanish: their English text under /es/
    is marked noindex, so only the English pages are listed."""

    i18n = False


class ClinicianSitemap(EnglishOnlySitemap):
    model = Clinician
    priority = 0.6


class LocationSitemap(EnglishOnlySitemap):
    model = Location
    priority = 0.6


class SitePageSitemap(EnglishOnlySitemap):
    model = SitePage
    priority = 0.5
