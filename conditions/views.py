from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from core.structured_data import breadcrumb_trail

from . import page_queries, structured_data
from .models import BodyRegion, Condition, Treatment

CARD_FIELDS = ("name", "slug", "summary", "body_region", "sort_order")
SEARCH_TERM_LIMIT = 8
SEARCH_RESULT_LIMIT = 50


class ContentPageMixin:
    """A condition or treatment page: live pages for the public, any page in a staff preview.

    A page's old addresses (from before a slug change) answer with a permanent redirect.
    """

    preview = False

    def get_object(self, queryset=None):
        if self.preview:  # any page, draft or live, by the ORM
            return super().get_object(queryset)
        page = page_queries.live_page(self.model, self.kwargs["slug"])
        if page is None:
            raise Http404(f"No published {self.model._meta.verbose_name} here.")
        return page

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        condition = self.object
        context.update(page_queries.condition_lists(condition)._asdict())
        context["clinicians"] = list(condition.clinicians.published())
        context["breadcrumbs"] = breadcrumb_trail(
            ("Conditions we treat", reverse("conditions:condition_list")),
            (condition.name, condition.get_absolute_url()),
        )
        context["structured_data"] = structured_data.condition_page(
            condition, context["treatments"], context["faqs"], context["breadcrumbs"]
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        treatment = self.object
        context["conditions_treated"] = page_queries.live_conditions_treated(treatment)
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
