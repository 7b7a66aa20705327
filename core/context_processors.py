from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

from .clinic import get_clinic

# The main navigation's sections after the home page, with the view each starts at.
NAV_SECTIONS = (
    ("conditions", "conditions:condition_list"),
    ("treatments", "conditions:treatment_list"),
    ("providers", "practice:clinician_list"),
    ("locations", "practice:location_list"),
    ("contact", "appointments:contact"),
    ("search", "conditions:search"),
)


def nav_section(path):
    """Which item of the main navigation the page at `path` belongs to ("" for none)."""
    if path == "/":
        return "home"
    return next((section for section, view in NAV_SECTIONS if path.startswith(reverse(view))), "")


def clinic(request):
    """The clinic's identity and public address, for the frame and structured data, and
    the page's place in the main navigation."""
    return {
        "clinic": get_clinic(),
        "site_url": settings.SITE_URL,
        "nav_section": nav_section(request.path),
    }


@receiver(setting_changed)
def _forget_the_frame(setting, **kwargs):
    # Only tests change settings at run time. The kept header, footer, asset links and
    # calls to action (the "frame" cache) are built from these.
    if setting in {"CLINIC", "ROOT_URLCONF", "STATIC_URL", "STORAGES"}:
        caches["frame"].clear()
