"""URLs for tests that need a view that fails (the 500 page)."""

from django.urls import path

from clinic_site import urls as project_urls


def broken_view(request):
    raise RuntimeError("deliberate failure for the 500-page test")


urlpatterns = [
    path("broken/", broken_view),
    # The project's own list (its i18n_patterns cannot be included).
    *project_urls.urlpatterns,
]

# The project's own 500 handler, so the test checks the real configuration.
handler500 = project_urls.handler500
