from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.pagecache import with_query
from core.structured_data import person
from core.views import BreadcrumbsMixin

from . import structured_data
from .models import Clinician, InsurancePlan, Location, SitePage

CLINICIANS = (gettext_lazy("Our clinicians"), "practice:clinician_list")
LOCATIONS = (gettext_lazy("Locations"), "practice:location_list")
CLINICIAN_CARD_FIELDS = (
    "name",
    "slug",
    "credentials",
    "role",
    "summary",
    "accepting_new_patients",
    "sort_order",
    "image_alt",
    "image_renditions",
)
# What clinicians treat is declared by the conditions app, which builds on this one: it
# registers its model here (conditions/apps.py) instead of this app importing it.
_treated = []


def register_treated(model):
    """Offer `model` (the target of `Clinician.conditions_treated`) as the clinician
    list's filter and on each clinician's page."""
    _treated[:] = [model]


def treated_model():
    """The model clinicians treat, or None while no app has registered one."""
    return _treated[0] if _treated else None


class EnglishOnlyMixin:
    """The practice's own text (clinicians, locations, plans, pages) is written in English
    only so far: under /es/ the page shows it with a notice, marked noindex, and links to
    the English page (see README, Languages)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_languages"] = ["en"]
        context["is_untranslated"] = get_language() != "en"
        return context


class CarriesConditionMixin:
    """Keeps the condition a patient came from (`?condition=<slug>`) in the links from a
    clinician to a location to the form, so the form opens with it chosen. A slug that
    names no published condition is dropped with a redirect, so the page cache keeps one
    page per condition (core.pagecache)."""

    def get(self, request, *args, **kwargs):
        slugs, treated = request.GET.getlist("condition"), treated_model()
        if slugs and (
            len(slugs) > 1
            or treated is None
            or not treated.objects.published().filter(slug=slugs[0]).exists()
        ):
            return redirect(with_query(request, condition=[]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["for_condition"] = self.request.GET.get("condition", "")
        return context


def live_locations():
    return Location.objects.published().only("name", "slug", "sort_order")


class ClinicianListView(EnglishOnlyMixin, BreadcrumbsMixin, ListView):
    """Every clinician, or those at one location (/providers/at/<slug>/) or treating one
    condition (/providers/for/<slug>/): filters in the path, so each page is cacheable."""

    template_name = "practice/clinician_list.html"
    section = CLINICIANS

    def get_queryset(self):
        self.locations = list(live_locations())
        treated = treated_model()
        self.conditions = (
            list(
                treated.objects.published()
                .filter(clinicians__in=Clinician.objects.published())
                .distinct()
                .only("name", "slug", "sort_order")
            )
            if treated
            else []
        )
        self.location = self._chosen(self.locations, "location")
        self.condition = self._chosen(self.conditions, "condition")
        clinicians = (
            Clinician.objects.published()
            .only(*CLINICIAN_CARD_FIELDS)
            .prefetch_related(Prefetch("locations", queryset=live_locations()))
        )
        if self.location:
            clinicians = clinicians.filter(locations=self.location)
        if self.condition:
            clinicians = clinicians.filter(conditions_treated=self.condition)
        return clinicians

    def _chosen(self, items, kwarg):
        slug = self.kwargs.get(kwarg)
        if slug is None:
            return None
        chosen = next((item for item in items if item.slug == slug), None)
        if chosen is None:
            raise Http404(f"No {kwarg} here.")
        return chosen

    def get_trail(self):
        trail = super().get_trail()
        if self.location:
            trail.append((_("At %(place)s") % {"place": self.location.name}, self.request.path))
        if self.condition:
            trail.append(
                (_("For %(condition)s") % {"condition": self.condition.name}, self.request.path)
            )
        return trail

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            locations=self.locations,
            conditions=self.conditions,
            location=self.location,
            condition=self.condition,
        )
        context["structured_data"] = structured_data.list_page(
            context["breadcrumbs"], [person(clinician) for clinician in context["object_list"]]
        )
        return context


class ClinicianDetailView(EnglishOnlyMixin, CarriesConditionMixin, BreadcrumbsMixin, DetailView):
    template_name = "practice/clinician_detail.html"
    context_object_name = "clinician"
    section = CLINICIANS

    def get_trail(self):
        return [*super().get_trail(), (self.object.name, self.object.get_absolute_url())]

    def get_queryset(self):
        clinicians = Clinician.objects.published().prefetch_related(
            Prefetch("locations", queryset=live_locations())
        )
        if treated := treated_model():
            clinicians = clinicians.prefetch_related(
                Prefetch(
                    "conditions_treated",
                    queryset=treated.objects.published().only("name", "slug", "sort_order"),
                )
            )
        return clinicians

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clinician = self.object
        context["structured_data"] = structured_data.clinician_page(
            clinician, context["breadcrumbs"]
        )
        return context


class LocationListView(EnglishOnlyMixin, BreadcrumbsMixin, ListView):
    template_name = "practice/location_list.html"
    section = LOCATIONS

    def get_queryset(self):
        return Location.objects.published().with_hours(timezone.localdate())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data.list_page(
            context["breadcrumbs"],
            [structured_data.medical_clinic(location) for location in context["object_list"]],
        )
        return context


class LocationDetailView(EnglishOnlyMixin, CarriesConditionMixin, BreadcrumbsMixin, DetailView):
    """A location, with this week's hours and today's marked. "Today" is computed when the
    page is rendered; cached pages end at midnight (see `next_scheduled_change`)."""

    template_name = "practice/location_detail.html"
    context_object_name = "location"
    section = LOCATIONS

    def get_trail(self):
        return [*super().get_trail(), (self.object.name, self.object.get_absolute_url())]

    def get_queryset(self):
        return (
            Location.objects.published()
            .with_hours(timezone.localdate())
            .prefetch_related(
                Prefetch(
                    "clinicians",
                    queryset=Clinician.objects.published().only(*CLINICIAN_CARD_FIELDS),
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        location = self.object
        today = timezone.localdate()
        context["week"] = location.week(today)
        context["today"] = next(day for day in context["week"] if day["is_today"])
        context["exceptions"] = location.upcoming_exceptions(today)
        context["structured_data"] = structured_data.list_page(
            context["breadcrumbs"], [structured_data.medical_clinic(location)]
        )
        return context


class InsuranceView(EnglishOnlyMixin, BreadcrumbsMixin, ListView):
    template_name = "practice/insurance.html"
    section = (gettext_lazy("Insurance we accept"), "practice:insurance")

    def get_queryset(self):
        return InsurancePlan.objects.published().only("name", "notes", "sort_order")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data.list_page(context["breadcrumbs"])
        return context


class SitePageView(EnglishOnlyMixin, BreadcrumbsMixin, DetailView):
    template_name = "practice/site_page.html"
    context_object_name = "page"

    def get_trail(self):
        return [(self.object.name, self.object.get_absolute_url())]

    def get_queryset(self):
        return SitePage.objects.published().select_related("reviewer").prefetch_related("questions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = structured_data.site_page(self.object, context["breadcrumbs"])
        return context
