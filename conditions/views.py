import hashlib
import string

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from core import pagecache
from core.views import BreadcrumbsMixin

from . import structured_data
from .models import CARD_FIELDS, BodyRegion, Condition, ConditionFAQ, RemovedPage, Treatment

SEARCH_TERM_LIMIT = 8
SEARCH_RESULT_LIMIT = 50
SEARCH_CACHE_SECONDS = 60 * 60
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# Lists shown inside a page (a region on the conditions index, the conditions a treatment
# may help) stop at this many cards and link to the full list, paginated by CARDS_PER_PAGE:
# a page's size does not grow with the content.
CARDS_PREVIEW = 12
CARDS_PER_PAGE = 24


def conditions_treated(treatment):
    return Condition.objects.published().cards().filter(condition_treatments__treatment=treatment)


class ContentPageMixin(BreadcrumbsMixin):
    """A condition or treatment page: live pages for the public, any page in a staff preview.

    A page's old addresses (from before a slug change) answer with a permanent redirect;
    a deleted page's with 410 Gone, or where staff send its visitors (RemovedPage).
    """

    preview = False
    page = None  # a preview of unsaved changes (content_workflow) renders this page

    def get_queryset(self):
        # Not the search words: a page never shows them.
        queryset = self.model.objects.defer("search_vector").select_related("reviewer")
        return queryset if self.preview else queryset.published()

    def get_object(self, queryset=None):
        if self.page is not None:
            return self.page
        return super().get_object(queryset)

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
    """A full list of cards, CARDS_PER_PAGE a page (`?page=2`; see core.pagecache)."""

    template_name = "conditions/card_pages.html"
    paginate_by = CARDS_PER_PAGE

    def get(self, request, *args, **kwargs):
        return pagecache.page_number_redirect(request) or super().get(request, *args, **kwargs)

    def get_trail(self):
        return [*super().get_trail(), (self.heading, self.request.path)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["heading"] = self.heading
        context["previous_url"] = page.has_previous() and self.page_url(page.previous_page_number())
        context["next_url"] = page.has_next() and self.page_url(page.next_page_number())
        return context

    def page_url(self, number):
        return pagecache.with_query(self.request, page=[str(number)] if number > 1 else [])


class RegionView(CardPagesView):
    section = ConditionListView.section

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
        context["clinicians"] = self.object.clinicians.published()
        context["structured_data"] = structured_data.condition_page(
            self.object, context["treatments"], context["faqs"], context["breadcrumbs"]
        )
        return context

    def page_lists(self):
        """The treatments, questions and related conditions the page lists."""
        condition = self.object
        return {
            "treatments": list(
                Treatment.objects.published()
                .cards()
                .filter(condition_treatments__condition=condition)
                .order_by("condition_treatments__sort_order", "condition_treatments__pk")
            ),
            "faqs": list(
                ConditionFAQ.objects.filter(condition=condition).only(
                    "question", "answer", "rendered_html"
                )
            ),
            "related_conditions": Condition.objects.published()
            .cards()
            .filter(related_conditions=condition),
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
        # One more than shown: whether to link to the full list, without counting.
        conditions = list(conditions_treated(self.object)[: CARDS_PREVIEW + 1])
        context["conditions_treated"] = conditions[:CARDS_PREVIEW]
        context["more_conditions_treated"] = len(conditions) > CARDS_PREVIEW
        context["structured_data"] = structured_data.treatment_page(
            self.object, context["breadcrumbs"]
        )
        return context


class TreatmentConditionsView(CardPagesView):
    """Every condition a treatment may help (its page shows the first few)."""

    section = TreatmentListView.section

    def get_trail(self):
        treatment = self.treatment
        return [
            *BreadcrumbsMixin.get_trail(self),
            (treatment.name, treatment.get_absolute_url()),
            (self.heading, self.request.path),
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
        current content generation: a new edit starts a new generation, so no stale hit.
        Keyed by what every database matches alike: the terms with ASCII letters in lower
        case, as SQLite's LIKE and PostgreSQL's search both fold them. Other letters stay
        as typed (a long s is not an s there), so no spelling answers for another."""
        generation = settings.PAGE_CACHE_ENABLED and pagecache.generation_id(self.request)
        if generation:
            folded = " ".join(terms).translate(ASCII_LOWER)
            digest = hashlib.sha256(folded.encode()).hexdigest()
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
