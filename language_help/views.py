from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from core.views import BreadcrumbsMixin

from .models import Tagline


class LanguageAssistanceView(BreadcrumbsMixin, ListView):
    """Free language help, in English and Spanish, and the clinic's taglines in others."""

    template_name = "language_help/notice.html"
    context_object_name = "taglines"
    section = (_("Language assistance"), "language_help:notice")

    def get_queryset(self):
        return Tagline.objects.published().only("language_name", "language_code", "tagline")
