from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from core.sitemaps import PublishedSitemap, SiteUrlSitemap

from .models import BodyRegion, Condition, Treatment


class ContentPageSitemap(PublishedSitemap):
    def entry_counts(self):
        # A page is listed in each language it has a name in.
        return {f"entries_{code}": Count(f"name_{code}") for code, _name in settings.LANGUAGES}

    def items(self):
        return super().items().only("slug", "updated_at", "name_en", "name_es")

    def get_languages_for_item(self, page):
        # A page not yet written in a language stays out of that language's entries.
        return [
            code for code in super().get_languages_for_item(page) if getattr(page, f"name_{code}")
        ]


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
