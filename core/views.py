from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from core.structured_data import breadcrumb_trail


class BreadcrumbsMixin:
    """Breadcrumbs from the home page through `section` (a title and a URL name) to
    the page itself, for the template and the JSON-LD."""

    section = None

    def get_trail(self):
        title, url_name = self.section
        return [(title, reverse(url_name))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = breadcrumb_trail(*self.get_trail())
        return context


def old_page_address(request, page, **kwargs):
    """`.../page/N/`, a list's page before the page cache kept query strings: forwards to
    `...?page=N`, which answers a number spelled otherwise."""
    base = request.path.removesuffix(f"page/{page}/")
    return HttpResponsePermanentRedirect(
        base if page == "1" else f"{base}?{urlencode({'page': page})}"
    )
