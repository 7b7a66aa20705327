import hashlib
from functools import partial

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from core import pagecache
from core.compiled_queries import CompiledQuery
from core.views import BreadcrumbsMixin
from practice.models import Clinician

from . import structured_data
from .models import (
    CARD_FIELDS,
    HEAD_FIELDS,
    BodyRegion,
    Condition,
    ConditionFAQ,
    RemovedPage,
    Treatment,
)

SEARCH_TERM_LIMIT = 8
SEARCH_RESULT_LIMIT = 50
SEARCH_CACHE_SECONDS = 60 * 60
# Lists shown inside a page (a region on the conditions index, the conditions a treatment
# may help) stop at this many cards and link to the full list, paginated by CARDS_PER_PAGE:
# a page's size does not grow with the content.
CARDS_PREVIEW = 12
CARDS_PER_PAGE = 24

# What a public condition or treatment page reads: the ORM's querysets, compiled once
# (core/compiled_queries.py) because these run on every page the page cache misses.
LIVE_PAGE = {
    model: CompiledQuery(
        # Not the search words: a page never shows them.
        lambda slug, now, model=model: (
            model.objects.published(now)
            .filter(slug=slug)
            .defer("search_vector")
            .select_related("reviewer")
        )
    )
    for model in (Condition, Treatment)
}
# A page whose main part is kept (content_page.html) renders only its head.
LIVE_PAGE_HEAD = {
    model: CompiledQuery(
        lambda slug, now, model=model: (
            model.objects.published(now).filter(slug=slug).only(*HEAD_FIELDS)
        )
    )
    for model in (Condition, Treatment)
}
# The kept main part's name in content_page.html's {% cache %} tag.
KEPT_MAIN = "page_main"
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
CONDITION_CLINICIANS = CompiledQuery(
    lambda condition, now: Clinician.objects.published(now).filter(conditions_treated=condition)
)


def conditions_treated(treatment, now=None):
    return (
        Condition.objects.published(now).cards().filter(condition_treatments__treatment=treatment)
    )


# One more than shown: whether to link to the full list, without counting.
CONDITIONS_TREATED_PREVIEW = CompiledQuery(
    lambda treatment, now: conditions_treated(treatment, now)[: CARDS_PREVIEW + 1]
)


class ContentPageMixin(BreadcrumbsMixin):
    """A condition or treatment page: live pages for the public, any page in a staff preview.

    A page's old addresses (from before a slug change) answer with a permanent redirect;
    a deleted page's with 410 Gone, or where staff send its visitors (RemovedPage).
    """

    preview = False
    page = None  # a preview of unsaved changes (content_workflow) renders this page
    # What the page's kept parts are keyed by (content_page.html); "" where none are kept.
    kept_as = ""
    # The whole page, read only if the main part must be rendered, where the view loaded
    # only the head because the main part was kept.
    full_page = None

    def get_object(self, queryset=None):
        if self.page is not None:
            return self.page
        if self.preview:
            return super().get_object(queryset)
        slug, now = self.kwargs["slug"], timezone.now()
        self.kept_as = self.kept_parts_key()
        main_kept = self.kept_as and caches["page_parts"].has_key(
            make_template_fragment_key(KEPT_MAIN, [self.kept_as])
        )
        if not main_kept:
            return self.live_page(LIVE_PAGE, slug, now)
        # Should the kept part go before it is read (a full cache making room), the
        # whole page is read then: the same page, one more query.
        self.full_page = SimpleLazyObject(lambda: self.live_page(LIVE_PAGE, slug, now))
        return self.live_page(LIVE_PAGE_HEAD, slug, now)

    def live_page(self, queries, slug, now):
        page = queries[self.model].first(slug=slug, now=now)
        if page is None:
            raise Http404(f"No published {self.model._meta.verbose_name} here.")
        return page

    def kept_parts_key(self):
        """A live page's main part and JSON-LD are kept per address and content generation,
        only where every worker shares the generation (the page cache is on) and it could be
        read (see core/local_caches.py)."""
        if not settings.PAGE_CACHE_ENABLED:
            return ""
        generation = pagecache.generation_id(self.request)
        # A live page is only ever shown at its own address (old ones redirect).
        return f"{self.request.path} {generation}" if generation else ""

    def shown_page(self):
        """The page the main part and JSON-LD show: the whole page, where the view read only
        its head."""
        return self.object if self.full_page is None else self.full_page

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
            if moved is not None:
                return redirect(moved, permanent=True)
            removed = RemovedPage.objects.filter(
                kind=self.model._meta.model_name, slug=self.kwargs["slug"]
            ).first()
            if removed is None:
                raise
            if removed.redirect_to:
                return redirect(removed.redirect_to, permanent=True)
            return TemplateResponse(request, "conditions/removed.html", status=410)

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
        context["kept_as"] = self.kept_as
        context["keep_seconds"] = settings.PAGE_CACHE_SECONDS
        context[self.get_context_object_name(self.object)] = self.shown_page()
        return context


class ConditionListView(BreadcrumbsMixin, ListView):
    template_name = "conditions/condition_list.html"
    section = (_("Conditions we treat"), "conditions:condition_list")

    def get_queryset(self):
        # The first CARDS_PREVIEW conditions of each region, each row with its region's
        # total: one query, however many conditions there are.
        ordering = [F(field) for field in Condition._meta.ordering]
        return (
            Condition.objects.published()
            .only(*CARD_FIELDS, "body_region")
            .annotate(
                place=Window(RowNumber(), partition_by=F("body_region"), order_by=ordering),
                region_total=Window(Count("pk"), partition_by=F("body_region")),
            )
            .filter(place__lte=CARDS_PREVIEW)
            .order_by("place")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_region = {}
        for condition in context["object_list"]:
            by_region.setdefault(condition.body_region, []).append(condition)
        context["regions"] = [
            {
                "label": region.label,
                "slug": region.value,
                "conditions": by_region[region.value],
                "total": by_region[region.value][0].region_total,
                "url": reverse("conditions:region", kwargs={"region": region.value}),
            }
            for region in BodyRegion
            if region.value in by_region
        ]
        return context


class CardPagesView(BreadcrumbsMixin, ListView):
    """A full list of cards, CARDS_PER_PAGE a page, the page number in the path
    (`.../page/2/`) so that the page cache, which skips query strings, keeps each page."""

    template_name = "conditions/card_pages.html"
    paginate_by = CARDS_PER_PAGE
    url_name = None

    def get(self, request, *args, **kwargs):
        if kwargs.get("page") == 1:
            return redirect(self.page_url(1), permanent=True)
        return super().get(request, *args, **kwargs)

    def url_kwargs(self):
        return {key: value for key, value in self.kwargs.items() if key != "page"}

    def page_url(self, number):
        if number == 1:
            return reverse(self.url_name, kwargs=self.url_kwargs())
        return reverse(f"{self.url_name}_page", kwargs={**self.url_kwargs(), "page": number})

    def get_trail(self):
        return [*super().get_trail(), (self.heading, self.page_url(1))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["heading"] = self.heading
        context["previous_url"] = page.has_previous() and self.page_url(page.number - 1)
        context["next_url"] = page.has_next() and self.page_url(page.number + 1)
        return context


class RegionView(CardPagesView):
    section = ConditionListView.section
    url_name = "conditions:region"

    def get_queryset(self):
        try:
            self.region = BodyRegion(self.kwargs["region"])
        except ValueError:
            raise Http404("No such body region.") from None
        self.heading = _("Conditions: %(region)s") % {"region": self.region.label.lower()}
        return Condition.objects.published().cards().filter(body_region=self.region)


class ConditionDetailView(ContentPageMixin, DetailView):
    model = Condition
    template_name = "conditions/condition_detail.html"
    section = ConditionListView.section

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page_lists())
        context["clinicians"] = CONDITION_CLINICIANS.lazy(
            condition=self.object.pk, now=timezone.now()
        )
        # Called by the template only where the kept fragment is missing (as the lists
        # are read only there).
        context["structured_data"] = partial(
            structured_data.condition_page,
            self.shown_page(),
            context["treatments"],
            context["faqs"],
            context["breadcrumbs"],
        )
        return context

    def page_lists(self):
        """The treatments, questions and related conditions the page lists, read only if the
        template renders them (a live page's body is kept: see content_page.html)."""
        condition, now = self.object.pk, timezone.now()
        return {
            "treatments": CONDITION_TREATMENTS.lazy(condition=condition, now=now),
            "faqs": CONDITION_FAQS.lazy(condition=condition),
            "related_conditions": RELATED_CONDITIONS.lazy(condition=condition, now=now),
        }


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
        conditions = CONDITIONS_TREATED_PREVIEW.lazy(treatment=self.object.pk, now=timezone.now())
        context["conditions_treated"] = SimpleLazyObject(lambda: conditions[:CARDS_PREVIEW])
        context["more_conditions_treated"] = SimpleLazyObject(
            lambda: len(conditions) > CARDS_PREVIEW
        )
        context["structured_data"] = partial(
            structured_data.treatment_page, self.shown_page(), context["breadcrumbs"]
        )
        return context


class TreatmentConditionsView(CardPagesView):
    """Every condition a treatment may help (its page shows the first few)."""

    section = TreatmentListView.section
    url_name = "conditions:treatment_conditions"

    def get_trail(self):
        treatment = self.treatment
        return [
            *BreadcrumbsMixin.get_trail(self),
            (treatment.name, treatment.get_absolute_url()),
            (self.heading, self.page_url(1)),
        ]

    def get_queryset(self):
        self.treatment = get_object_or_404(
            Treatment.objects.published().only("name", "slug"), slug=self.kwargs["slug"]
        )
        self.heading = _("Conditions %(treatment)s may help") % {"treatment": self.treatment.name}
        return conditions_treated(self.treatment)


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
            context.update(self.results(terms))
            context["result_count"] = len(context["conditions"]) + len(context["treatments"])
        return context

    def results(self, terms):
        """The pages found, kept in the shared cache (where the page cache is on) for the
        current content generation: a new edit starts a new generation, so no stale hit."""
        generation = settings.PAGE_CACHE_ENABLED and pagecache.generation_id(self.request)
        if generation:
            normalised = " ".join(terms).casefold().encode()
            digest = hashlib.sha256(normalised).hexdigest()
            # Per language: the cards found show each page's name in it.
            key = f"search:{generation}:{get_language()}:{digest}"
            if (found := cache.get(key)) is not None:
                return found
        found = {
            name: list(model.objects.published().search(terms).cards()[:SEARCH_RESULT_LIMIT])
            for name, model in (("conditions", Condition), ("treatments", Treatment))
        }
        if generation:
            cache.set(key, found, SEARCH_CACHE_SECONDS)
        return found
