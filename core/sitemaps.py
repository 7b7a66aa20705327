"""Sitemaps on SITE_URL, as an index of sections, each section's pages numbered as
Django's own views number them (`/sitemap-conditions.xml?p=2`)."""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.functional import cached_property

from . import pagecache


class SiteUrlSitemap(Sitemap):
    """Sitemap entries on the configured SITE_URL, not on whatever Host a request used.

    Each page once per language, with its other-language versions and x-default (English).
    """

    i18n = True
    alternates = True
    x_default = True

    # URLs a file: well under the protocol's 50,000, so that each file stays small.
    limit = 300

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PublishedSitemap(SiteUrlSitemap):
    """Every published item of `model` (with `published()`, a slug and `updated_at`)."""

    model = None
    changefreq = "monthly"

    def items(self):
        return (
            self.model.objects.published().only("slug", "updated_at").order_by("sort_order", "pk")
        )

    def lastmod(self, item):
        return item.updated_at

    def entry_counts(self):
        """Aggregates counting the entries in each language: by default every item is
        listed in every language."""
        languages = [code for code, _name in settings.LANGUAGES] if self.i18n else [""]
        return {f"entries_{code}": Count("pk") for code in languages}

    @cached_property
    def _summary(self):
        # How many entries and when the newest changed, in one aggregate query: the index
        # needs both for every section, and would otherwise ask twice.
        summary = self.items().aggregate(latest=Max("updated_at"), **self.entry_counts())
        return {
            "count": sum(value for key, value in summary.items() if key != "latest"),
            "latest": summary["latest"],
        }

    @cached_property
    def paginator(self):
        # The entries (each item with each of its languages, for i18n) are listed only
        # when a page of the sitemap is shown, not for the index.
        paginator = Paginator(_Deferred(self._items), self.limit)
        paginator.count = self._summary["count"]
        return paginator

    def get_latest_lastmod(self):
        return self._summary["latest"]


class _Deferred(Sequence):
    """A sequence built on first use."""

    def __init__(self, build):
        self._build = build

    @cached_property
    def _items(self):
        return self._build()

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self):
        return len(self._items)


def index(request, sitemaps, sitemap_url_name):
    """Django's sitemap index, its links on SITE_URL (Django writes them on the request's
    Host, which the page cache does not key on)."""
    response = views.index(request, sitemaps=sitemaps, sitemap_url_name=sitemap_url_name)
    request_root = f"{request.scheme}://{request.get_host()}"
    for item in response.context_data["sitemaps"]:
        item.location = settings.SITE_URL + item.location.removeprefix(request_root)
    return response


def section(request, sitemaps, section):
    """Django's sitemap view for one page of a section, at one address per page."""
    return pagecache.page_number_redirect(request, "p") or views.sitemap(
        request, sitemaps=sitemaps, section=section
    )


def old_section_page(request, section, page):
    """`/sitemap-<section>-<page>.xml`, a section's page before the page cache kept query
    strings: forwards to `?p=<page>`."""
    if page < 1:
        raise Http404("No such page number.")
    url = reverse("sitemap_section", kwargs={"section": section})
    return HttpResponsePermanentRedirect(url if page == 1 else f"{url}?p={page}")
