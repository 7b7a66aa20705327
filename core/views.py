from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.structured_data import breadcrumb_trail


class BreadcrumbsMixin:
    """Breadcrumbs from the home page through `section` (a title and a URL name) to
    the page itself, for the template and the JSON-LD; built when first read (a page's
    kept main part and JSON-LD never read them)."""

    section = None

    def get_trail(self):
        title, url_name = self.section
        return [(title, reverse(url_name))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = SimpleLazyObject(lambda: breadcrumb_trail(*self.get_trail()))
        return context
