from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from conditions.sitemaps import ConditionSitemap, TreatmentSitemap
from core.pagecache import cache_public_page

from . import views
from .sitemaps import PageSitemap

SITEMAPS = {"pages": PageSitemap, "conditions": ConditionSitemap, "treatments": TreatmentSitemap}

urlpatterns = [
    path("robots.txt", cache_public_page(views.robots_txt), name="robots"),
    path("sitemap.xml", cache_public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(settings.ADMIN_URL, admin.site.urls),
]
# Public pages: English at the root, Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("privacy/", cache_public_page(views.PrivacyNoticeView.as_view()), name="privacy"),
    path("", include("conditions.urls")),
    path("", include("appointments.urls")),
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
