from django.urls import reverse

from core.sitemaps import PublishedSitemap, SiteUrlSitemap

from .models import BodyRegion, Condition, Treatment


class ConditionSitemap(PublishedSitemap):
    model = Condition
    priority = 0.8


class TreatmentSitemap(PublishedSitemap):
    model = Treatment
    priority = 0.6


class BodyRegionSitemap(SiteUrlSitemap):
    """The first page of each body region's list of conditions (views.RegionView)."""

    changefreq = "monthly"

    def items(self):
        return BodyRegion.values

    def location(self, region):
        return reverse("conditions:region", kwargs={"region": region})
