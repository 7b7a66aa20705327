from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.pagecache import with_query
from core.structured_data import breadcrumb_trail, person

from . import structured_data
from .models import Clinician, InsurancePlan, Location, SitePage

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
# The conditions app is referred to through the relation it declares, never imported.
Condition = Clinician._meta.get_field("conditions_treated").related_model


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
        slugs = request.GET.getlist("condition")
        if slugs and (
            len(slugs) > 1 or not Condition.objects.published().filter(slug=slugs[0]).exists()
        ):
            return redirect(with_query(request, condition=[]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["for_condition"] = self.request.GET.get("condition", "")
        return context


def live_locations():
    return Location.objects.published().only("name", "slug", "sort_order")


class ClinicianListView(EnglishOnlyMixin, ListView):
    """Every clinician, or those at one location (/providers/at/<slug>/) or treating one
    condition (/providers/for/<slug>/): filters in the path, so each page is cacheable."""

    template_name = "practice/clinician_list.html"

    def get_queryset(self):
        self.locations = list(live_locations())
        self.conditions = list(
            Condition.objects.published()
            .filter(clinicians__in=Clinician.objects.published())
            .distinct()
            .only("name", "slug", "sort_order")
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        crumbs = [(_("Our clinicians"), reverse("practice:clinician_list"))]
        if self.location:
            crumbs.append((_("At %(place)s") % {"place": self.location.name}, self.request.path))
        if self.condition:
            crumbs.append(
                (_("For %(condition)s") % {"condition": self.condition.name}, self.request.path)
            )
        context.update(
            locations=self.locations,
            conditions=self.conditions,
            location=self.location,
            condition=self.condition,
            breadcrumbs=breadcrumb_trail(*crumbs),
        )
        context["structured_data"] = structured_data.list_page(
            context["breadcrumbs"], [person(clinician) for clinician in context["object_list"]]
        )
        return context


class ClinicianDetailView(EnglishOnlyMixin, CarriesConditionMixin, DetailView):
    template_name = "practice/clinician_detail.html"
    context_object_name = "clinician"

    def get_queryset(self):
        return Clinician.objects.published().prefetch_related(
            Prefetch("locations", queryset=live_locations()),
            Prefetch(
                "conditions_treated",
                queryset=Condition.objects.published().only("name", "slug", "sort_order"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clinician = self.object
        context["breadcrumbs"] = breadcrumb_trail(
            (_("Our clinicians"), reverse("practice:clinician_list")),
            (clinician.name, clinician.get_absolute_url()),
        )
        context["structured_data"] = structured_data.clinician_page(
            clinician, context["breadcrumbs"]
        )
        return context


class LocationListView(EnglishOnlyMixin, ListView):
    template_name = "practice/location_list.html"

    def get_queryset(self):
        return Location.objects.published().with_hours()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = breadcrumb_trail(
            (_("Locations"), reverse("practice:location_list"))
        )
        context["structured_data"] = structured_data.list_page(
            context["breadcrumbs"],
            [structured_data.medical_clinic(location) for location in context["object_list"]],
        )
        return context


class LocationDetailView(EnglishOnlyMixin, CarriesConditionMixin, DetailView):
    """A location, with this week's hours and today's marked. "Today" is computed when the
    page is rendered; cached pages end at midnight (see `next_scheduled_change`)."""

    template_name = "practice/location_detail.html"
    context_object_name = "location"

    def get_queryset(self):
        return (
            Location.objects.published()
            .with_hours()
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
        context["breadcrumbs"] = breadcrumb_trail(
            (_("Locations"), reverse("practice:location_list")),
            (location.name, location.get_absolute_url()),
        )
        context["structured_data"] = structured_data.list_page(
            context["breadcrumbs"], [structured_data.medical_clinic(location)]
        )
        return context


class InsuranceView(EnglishOnlyMixin, ListView):
    template_name = "practice/insurance.html"

    def get_queryset(self):
        return InsurancePlan.objects.published().only("name", "notes", "sort_order")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = breadcrumb_trail(
            (_("Insurance we accept"), reverse("practice:insurance"))
        )
        context["structured_data"] = structured_data.list_page(context["breadcrumbs"])
        return context


class SitePageView(EnglishOnlyMixin, DetailView):
    template_name = "practice/site_page.html"
    context_object_name = "page"

    def get_queryset(self):
        return SitePage.objects.published().select_related("reviewer").prefetch_related("questions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        context["breadcrumbs"] = breadcrumb_trail((page.name, page.get_absolute_url()))
        context["structured_data"] = structured_data.site_page(page, context["breadcrumbs"])
        return context
