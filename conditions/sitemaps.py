from core.sitemaps import SiteUrlSitemap

from .models import Condition, Treatment


class ContentPageSitemap(SiteUrlSitemap):
    model = None
    changefreq = "monthly"

    def items(self):
        return (
            self.model.objects.published()
            .only("slug", "updated_at", "name")
            .order_by("sort_order", "pk")
        )

    def get_languages_for_item(self, page):
        # A page not yet written in a language stays out of that language's entries.
        return [
            code for code in super().get_languages_for_item(page) if getattr(page, f"name_{code}")
        ]

    def lastmod(self, page):
        return page.updated_at


class ConditionSitemap(ContentPageSitemap):
    model = Condition
    priority = 0.8


class TreatmentSitemap(ContentPageSitemap):
    model = Treatment
    priority = 0.6
