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


class ClinicianSitemap(PublishedSitemap):
    model = Clinician
    priority = 0.6


class LocationSitemap(PublishedSitemap):
    model = Location
    priority = 0.6


class SitePageSitemap(PublishedSitemap):
    model = SitePage
    priority = 0.5
