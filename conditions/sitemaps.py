from django.db.models import Max
from django.urls import reverse

from core.sitemaps import SiteUrlSitemap

from .models import BodyRegion, Condition, Treatment


class ContentPageSitemap(SiteUrlSitemap):
    model = None
    changefreq = "monthly"

    def items(self):
        return (
            self.model.objects.published().only("slug", "updated_at").order_by("sort_order", "pk")
        )

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate, not every page of the section loaded.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ConditionSitemap(ContentPageSitemap):
    model = Condition
    priority = 0.8


class TreatmentSitemap(ContentPageSitemap):
    model = Treatment
    priority = 0.6


class BodyRegionSitemap(SiteUrlSitemap):
    """The first page of each body region's list of conditions (views.RegionView)."""

    changefreq = "monthly"

    def items(self):
        return BodyRegion.values

    def location(self, region):
        return reverse("conditions:region", kwargs={"region": region})
