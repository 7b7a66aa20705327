from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from core.compiled_queries import CompiledQuery
from core.views import BreadcrumbsMixin

from . import structured_data
from .models import CARD_FIELDS, BodyRegion, Condition, ConditionFAQ, Treatment

SEARCH_TERM_LIMIT = 8
SEARCH_RESULT_LIMIT = 50

# What a public condition or treatment page reads: the ORM's querysets, compiled once
# (core/compiled_queries.py) because these run on every page the page cache misses.
LIVE_PAGE = {
    model: CompiledQuery(
        lambda slug, now, model=model: model.objects.published(now).filter(slug=slug)
    )
    for model in (Condition, Treatment)
}
CONDITION_TREATMENTS = CompiledQuery(
    lambda condition, now: (
        Treatment.objects.published(now)
        .cards()
        .filter(condition_treatments__condition=condition)
        .order_by("condition_treatments__sort_order", "condition_treatments__pk")
    )
)
CONDITION_FAQS = CompiledQuery(
    lambda condition: ConditionFAQ.objects.filter(condition=condition).only("question", "answer")
)
RELATED_CONDITIONS = CompiledQuery(
    lambda condition, now: (
        Condition.objects.published(now).cards().filter(related_conditions=condition)
    )
)
CONDITIONS_TREATED = CompiledQuery(
    lambda treatment, now: (
        Condition.objects.published(now).cards().filter(condition_treatments__treatment=treatment)
    )
)


class ContentPageMixin(BreadcrumbsMixin):
    """A condition or treatment page: live pages for the public, any page in a staff preview.

    A page's old addresses (from before a slug change) answer with a permanent redirect.
    """

    preview = False

    def get_queryset(self):
        # Only staff previews come here: any page, draft or live.
        return self.model.objects.with_live_flag()

    def get_object(self, queryset=None):
        if self.preview:
            return super().get_object(queryset)
        page = LIVE_PAGE[self.model].first(slug=self.kwargs["slug"], now=timezone.now())
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

    def get_trail(self):
        return [*super().get_trail(), (self.object.name, self.object.get_absolute_url())]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.preview
        # A page counts as written in a language once it has a name in it; otherwise its
        # English text is shown there, with a notice and noindex.
        context["page_languages"] = [
            code for code, _name in settings.LANGUAGES if getattr(self.object, f"name_{code}")
        ]
        context["is_untranslated"] = get_language() not in context["page_languages"]
        return context


class ConditionListView(BreadcrumbsMixin, ListView):
    template_name = "conditions/condition_list.html"
    section = (_("Conditions we treat"), "conditions:condition_list")

    def get_queryset(self):
        return Condition.objects.published().only(*CARD_FIELDS, "body_region")

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
        return context


class ConditionDetailView(ContentPageMixin, DetailView):
    model = Condition
    template_name = "conditions/condition_detail.html"
    section = ConditionListView.section

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        condition, now = self.object, timezone.now()
        context["treatments"] = CONDITION_TREATMENTS(condition=condition.pk, now=now)
        context["faqs"] = CONDITION_FAQS(condition=condition.pk)
        context["related_conditions"] = RELATED_CONDITIONS(condition=condition.pk, now=now)
        context["structured_data"] = structured_data.condition_page(
            condition, context["treatments"], context["faqs"], context["breadcrumbs"]
        )
        return context


class TreatmentListView(BreadcrumbsMixin, ListView):
    template_name = "conditions/treatment_list.html"
    section = (_("Treatments"), "conditions:treatment_list")

    def get_queryset(self):
        return Treatment.objects.published().cards()


class TreatmentDetailView(ContentPageMixin, DetailView):
    model = Treatment
    template_name = "conditions/treatment_detail.html"
    section = TreatmentListView.section

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["conditions_treated"] = CONDITIONS_TREATED(
            treatment=self.object.pk, now=timezone.now()
        )
        context["structured_data"] = structured_data.treatment_page(
            self.object, context["breadcrumbs"]
        )
        return context


class SearchView(BreadcrumbsMixin, TemplateView):
    """Search conditions and treatments. Not page-cached: every query string differs."""

    template_name = "conditions/search.html"
    section = (pgettext_lazy("navigation", "Search"), "conditions:search")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = " ".join(self.request.GET.get("q", "").split())[:100]
        terms = query.split()[:SEARCH_TERM_LIMIT]
        context["query"] = query
        if terms:
            for name, model in (("conditions", Condition), ("treatments", Treatment)):
                context[name] = list(
                    model.objects.published().search(terms).cards()[:SEARCH_RESULT_LIMIT]
                )
            context["result_count"] = len(context["conditions"]) + len(context["treatments"])
        return context
