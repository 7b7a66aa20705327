from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView
from django.views.static import serve

from appointments.consent import PRIVACY_NOTICE_VERSION
from conditions.models import Condition, Treatment
from core.clinic import get_clinic
from core.structured_data import medical_clinic
from practice.models import Clinician, Location
from practice.views import CLINICIAN_CARD_FIELDS

HOME_TREATMENT_COUNT = 6
HOME_CLINICIAN_COUNT = 4
DEFAULT_ADMIN_URL = "admin/"
RENDITIONS_FOLDER = "renditions"


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["featured_conditions"] = (
            Condition.objects.published()
            .filter(is_featured=True)
            .only("name", "slug", "summary", "sort_order")
        )
        context["treatments"] = Treatment.objects.published().cards()[:HOME_TREATMENT_COUNT]
        context["clinicians"] = Clinician.objects.published().only(*CLINICIAN_CARD_FIELDS)[
            :HOME_CLINICIAN_COUNT
        ]
        context["locations"] = Location.objects.published()
        context["structured_data"] = medical_clinic(get_clinic())
        return context


class PrivacyNoticeView(TemplateView):
    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = settings.APPOINTMENTS["RETENTION_DAYS"]
        context["retention_max_days"] = settings.APPOINTMENTS["RETENTION_MAX_DAYS"]
        context["notice_version"] = PRIVACY_NOTICE_VERSION
        return context


def robots_txt(request):
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines += [
                f"Disallow: {reverse(name)}"
                for name in ("appointments:request", "conditions:search")
            ]
    if settings.ADMIN_URL == DEFAULT_ADMIN_URL:
        # A custom admin path is left out: robots.txt is public and would advertise it.
        # Admin pages also carry a noindex robots tag.
        lines.append(f"Disallow: /{DEFAULT_ADMIN_URL}")
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def serve_rendition(request, path):
    """An image rendition from local media storage. Names are unique per image, so they
    can be cached for a year.

    Only the renditions folder is served (staff's originals keep their camera's metadata);
    the URL pattern admits rendition names alone, and a link inside the folder that leads
    out of it is not followed.
    """
    root = (Path(settings.MEDIA_ROOT) / RENDITIONS_FOLDER).resolve()
    if not (root / path).resolve().is_relative_to(root):
        raise Http404
    response = serve(request, path, document_root=root)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _render_error_page(request, template_name):
    """An error page in the language of its URL: the request may have been refused before
    LocaleMiddleware chose it, with another request's language still active."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        return loader.get_template(template_name).render(
            {"clinic": get_clinic(from_database=False)}
        )


def bad_request(request, exception):
    """The 400 page. Unlike Django's own, it never reads the request's body (its CSRF
    check would read an unreadable body a second time and fail with a 500)."""
    return HttpResponseBadRequest(_render_error_page(request, "400.html"))


def server_error(request):
    """The 500 page, with the clinic's header and phone number.

    Rendered without context processors or database access, since either may be what
    failed; the clinic's identity comes from settings.
    """
    return HttpResponseServerError(_render_error_page(request, "500.html"))
