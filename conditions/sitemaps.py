from core.sitemaps import PublishedSitemap

from .models import Condition, Treatment


class ConditionSitemap(PublishedSitemap):
    model = Condition
    priority = 0.8


class TreatmentSitemap(PublishedSitemap):
    model = Treatment
    priority = 0.6
