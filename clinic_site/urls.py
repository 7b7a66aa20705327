from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from conditions.sitemaps import BodyRegionSitemap, ConditionSitemap, TreatmentSitemap
from core import sitemaps
from core.pagecache import cache_public_page
from practice.sitemaps import (
    ClinicianSitemap,
    LocationSitemap,
    PracticeIndexSitemap,
    SitePageSitemap,
)

from . import views
from .sitemaps import PageSitemap

SITEMAPS = {
    "pages": PageSitemap,
    "regions": BodyRegionSitemap,
    "conditions": ConditionSitemap,
    "treatments": TreatmentSitemap,
    "practice": PracticeIndexSitemap,
    "clinicians": ClinicianSitemap,
    "locations": LocationSitemap,
    "practice-pages": SitePageSitemap,
}

urlpatterns = [
    path("robots.txt", cache_public_page(views.robots_txt), name="robots"),
    # An index of one sitemap per section, so that no file grows with all the content.
    path(
        "sitemap.xml",
        cache_public_page(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>-<int:page>.xml", sitemaps.old_section_page),
    path(
        "sitemap-<slug:section>.xml",
        cache_public_page(sitemaps.section, query=["p"]),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]
# Public pages: English at the root, Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("privacy/", cache_public_page(views.PrivacyNoticeView.as_view()), name="privacy"),
    path("", include("conditions.urls")),
    path("", include("appointments.urls")),
    path("", include("health_data_requests.urls")),
    path("", include("practice.urls")),
    path("", include("language_help.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Only image renditions are public; staff's original uploads are never served. The
    # pattern admits rendition names alone (conditions/images.py): hex digest, then width.
    urlpatterns += [
        re_path(
            r"^media/renditions/(?P<path>[0-9a-f]+/[0-9A-Za-z_]+\.(?:webp|jpg))$",
            views.serve_rendition,
            name="media",
        )
    ]

handler400 = "clinic_site.views.bad_request"
handler500 = "clinic_site.views.server_error"
