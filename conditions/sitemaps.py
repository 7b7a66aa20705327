from core.sitemaps import SiteUrlSitemap

from .models import Condition, Treatment


class ContentPageSitemap(SiteUrlSitemap):
    model = None
    changefreq = "monthly"

    def items(self):
        return (
            self.model.objects.published().only("slug", "updated_at").order_by("sort_order", "pk")
        )

    def lastmod(self, page):
        return page.updated_at


class ConditionSitemap(ContentPageSitemap):
    model = Condition
    priority = 0.8


class TreatmentSitemap(ContentPageSitemap):
    model = Treatment
    priority = 0.6
