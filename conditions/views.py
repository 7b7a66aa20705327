from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from clinic_site.structured_data import breadcrumb_trail

from . import structured_data
from .models import BodyRegion, Condition, ConditionTreatment, Treatment

CARD_FIELDS = ("name", "slug", "summary", "body_region", "sort_order")
SEARCH_TERM_LIMIT = 8
SEARCH_RESULT_LIMIT = 50


class ContentPageMixin:
    """A condition or treatment page: live pages for the public, any page in a staff preview.

    A page's old addresses (from before a slug change) answer with a permanent redirect.
    """

    preview = False

    def get_queryset(self):
        manager = self.model.objects
        return manager.all() if self.preview else manager.published()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if self.preview:
                raise
            moved = (
                self.model.objects.published()
                .filter(slug_redirects__old_slug=self.kwargs["slug"])
                .only("slug")
                .first()
            )
            if moved is None:
                raise
            return redirect(moved, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.preview
        return context


class ConditionListView(ListView):
    template_name = "conditions/condition_list.html"

    def get_queryset(self):
        return Condition.objects.published().only(*CARD_FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_region = {}
        for condition in context["object_list"]:
            by_region.setdefault(condition.body_region, []).append(condition)
        context["regions"] = [
            {"label": region.label, "slug": region.value, "conditions": by_region[region.value]}
            for region in BodyRegion
            if region.value in by_region
        ]
        context["breadcrumbs"] = breadcrumb_trail(
            ("Conditions we treat", reverse("conditions:condition_list"))
        )
        return context


class ConditionDetailView(ContentPageMixin, DetailView):
    model = Condition
    template_name = "conditions/condition_detail.html"

    def get_queryset(self):
        live_treatments = (
            ConditionTreatment.objects.filter(treatment__in=Treatment.objects.published())
            .select_related("treatment")
            .only(
                "condition_id",
                "sort_order",
                "treatment__name",
                "treatment__slug",
                "treatment__summary",
            )
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "condition_treatments", queryset=live_treatments, to_attr="listed_treatments"
                ),
                "faqs",
                Prefetch(
                    "related_conditions",
                    queryset=Condition.objects.published().only(*CARD_FIELDS),
                    to_attr="live_related",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        condition = self.object
        context["treatments"] = [link.treatment for link in condition.listed_treatments]
        context["breadcrumbs"] = breadcrumb_trail(
            ("Conditions we treat", reverse("conditions:condition_list")),
            (condition.name, condition.get_absolute_url()),
        )
        context["structured_data"] = structured_data.condition_page(
            condition, context["treatments"], context["breadcrumbs"]
        )
        return context


class TreatmentListView(ListView):
    template_name = "conditions/treatment_list.html"

    def get_queryset(self):
        return Treatment.objects.published().only("name", "slug", "summary", "sort_order")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = breadcrumb_trail(
            ("Treatments", reverse("conditions:treatment_list"))
        )
        return context


class TreatmentDetailView(ContentPageMixin, DetailView):
    model = Treatment
    template_name = "conditions/treatment_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "conditions",
                    queryset=Condition.objects.published().only(*CARD_FIELDS),
                    to_attr="live_conditions",
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        treatment = self.object
        context["breadcrumbs"] = breadcrumb_trail(
            ("Treatments", reverse("conditions:treatment_list")),
            (treatment.name, treatment.get_absolute_url()),
        )
        context["structured_data"] = structured_data.treatment_page(
            treatment, context["breadcrumbs"]
        )
        return context


class SearchView(TemplateView):
    """Search conditions and treatments. Not page-cached: every query string differs."""

    template_name = "conditions/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = " ".join(self.request.GET.get("q", "").split())[:100]
        terms = query.split()[:SEARCH_TERM_LIMIT]
        context["query"] = query
        if terms:
            context["conditions"] = list(
                Condition.objects.published().search(terms).only(*CARD_FIELDS)[:SEARCH_RESULT_LIMIT]
            )
            context["treatments"] = list(
                Treatment.objects.published()
                .search(terms)
                .only("name", "slug", "summary", "sort_order")[:SEARCH_RESULT_LIMIT]
            )
            context["result_count"] = len(context["conditions"]) + len(context["treatments"])
        context["breadcrumbs"] = breadcrumb_trail(("Search", reverse("conditions:search")))
        return context
