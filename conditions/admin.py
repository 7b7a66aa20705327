"""Content editing for non-technical staff: conditions, treatments, FAQs, medical review."""

from datetime import timedelta

from django.contrib import admin
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from content_workflow.admin import RevisionAdminMixin
from practice.admin import ClinicianAdmin
from practice.models import Clinician

from .models import (
    Condition,
    ConditionFAQ,
    ConditionSlugRedirect,
    ConditionTreatment,
    RemovedPage,
    Treatment,
    TreatmentSlugRedirect,
)
from .views import ConditionDetailView, TreatmentDetailView

REVIEW_SOON_DAYS = 30
PREVIEW_WIDTH = 240


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("needed", "Overdue or never reviewed"),
            ("soon", f"Due in the next {REVIEW_SOON_DAYS} days"),
            ("current", "Up to date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + timedelta(days=REVIEW_SOON_DAYS)
        if self.value() == "needed":
            return queryset.needs_review()
        if self.value() == "soon":
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        if self.value() == "current":
            return queryset.filter(next_review_due__gt=soon)
        return queryset


class ConditionPreview(ConditionDetailView):
    """A condition with unpublished changes shows every list of the draft: its treatments,
    questions, related conditions and clinicians, each as publishing it would show them."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft_related = getattr(self.object, "draft_related", None)
        if draft_related is not None:
            # The view reads the live page's clinicians after page_lists(): replaced here.
            context["clinicians"] = Clinician.objects.published().filter(
                pk__in=draft_related.get("clinicians", [])
            )
        return context

    def page_lists(self):
        draft_inlines = getattr(self.object, "draft_inlines", None)
        if draft_inlines is None:
            return super().page_lists()
        published = {"now": timezone.now()}
        links = sorted(draft_inlines["condition_treatments"], key=lambda link: link.sort_order)
        ids = [link.treatment_id for link in links]
        treatments = Treatment.objects.published(**published).cards().in_bulk(ids)
        return {
            "treatments": [treatments[pk] for pk in ids if pk in treatments],
            "faqs": sorted(draft_inlines["faqs"], key=lambda faq: faq.sort_order),
            "related_conditions": Condition.objects.published(**published)
            .cards()
            .filter(pk__in=self.object.draft_related.get("related_conditions", [])),
        }


class ContentPageAdmin(RevisionAdminMixin, TranslationAdmin):
    """What condition and treatment editing share: lists, review, images, preview, and
    drafts of live pages that a clinician approves (content_workflow).

    Each text field shows once per language, English then Spanish, one under the other.
    """

    preview_view_class = None
    list_display = ("name", "is_published", "publish_at", "review_status", "updated_at", "links")
    list_filter = ("is_published", ReviewStatusFilter, "is_demo")
    search_fields = ("name", "summary")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("image_preview", "created_at", "updated_at")
    autocomplete_fields = ("reviewer",)
    save_on_top = True
    publishing_fieldset = (
        "Publishing",
        {
            "fields": ("is_published", "publish_at", "sort_order", "is_demo"),
            "description": (
                "New pages start unpublished. Ticking “published” sends the page for a "
                "clinician's approval; use Preview to check it first."
            ),
        },
    )
    review_fieldset = (
        "Medical review",
        {
            "fields": ("reviewer", "reviewed_by", "last_reviewed", "next_review_due"),
            "description": (
                "Shown on the page as “Medically reviewed by … on …”. Set when a clinical "
                "reviewer approves the page; review each page at least once a year."
            ),
        },
    )
    image_fieldset = ("Image", {"fields": ("image", "image_alt", "image_preview")})
    seo_fieldset = (
        "Search engines and sharing",
        {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)},
    )
    record_fieldset = ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)})

    @admin.display(description="medical review", ordering="next_review_due")
    def review_status(self, obj):
        if obj.next_review_due is None:
            return "Never reviewed"
        if obj.review_overdue:
            return format_html("<strong>Overdue</strong> (due {})", obj.next_review_due)
        return f"Due {obj.next_review_due}"

    @admin.display(description="links")
    def links(self, obj):
        preview = reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_preview", args=[obj.pk]
        )
        if obj.is_live:
            return format_html(
                '<a href="{}">View on site</a> · <a href="{}">Preview</a>',
                obj.get_absolute_url(),
                preview,
            )
        return format_html('<a href="{}">Preview</a>', preview)

    @admin.display(description="current image")
    def image_preview(self, obj):
        renditions = obj.image_renditions.get("webp") if obj.image_renditions else None
        if not renditions:
            return "No image"
        smallest = renditions[0]
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            default_storage.url(smallest["name"]),
            PREVIEW_WIDTH,
            round(smallest["height"] * PREVIEW_WIDTH / smallest["width"]),
            obj.image_alt,
        )

    def view_on_site(self, obj):
        # Drafts have no public page yet: editors use Preview instead.
        return obj.get_absolute_url() if obj.is_live else None

    def render_preview(self, request, page):
        return never_cache(self.preview_view_class.as_view(preview=True, page=page))(
            request, slug=page.slug
        )


class ConditionTreatmentInline(admin.TabularInline):
    model = ConditionTreatment
    fields = ("treatment", "sort_order")
    # A search box, not a <select> of every treatment in each row.
    autocomplete_fields = ("treatment",)
    extra = 0
    verbose_name_plural = "treatments offered (listed on the page in this order)"


class ConditionFAQInline(TranslationStackedInline):
    model = ConditionFAQ
    fields = ("question", "answer", "sort_order")
    extra = 0
    verbose_name_plural = "frequently asked questions (listed in this order)"


class ConditionSlugRedirectInline(admin.TabularInline):
    model = ConditionSlugRedirect
    fields = ("old_slug", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = True
    verbose_name_plural = "old addresses that forward to this page"

    def has_add_permission(self, request, obj=None):
        return False


class TreatmentSlugRedirectInline(ConditionSlugRedirectInline):
    model = TreatmentSlugRedirect


class ConditionsTreatedInline(admin.TabularInline):
    # Declared on the condition; edited on the clinician as well, where staff expect it.
    model = Condition.clinicians.through
    extra = 0
    autocomplete_fields = ("condition",)
    verbose_name = "condition treated"
    verbose_name_plural = "conditions treated"


# This app builds on the practice's: it adds its inline to the practice's clinician admin.
ClinicianAdmin.inlines = (*ClinicianAdmin.inlines, ConditionsTreatedInline)


@admin.register(Condition)
class ConditionAdmin(ContentPageAdmin):
    preview_view_class = ConditionPreview
    list_display = ("name", "body_region", *ContentPageAdmin.list_display[1:])
    list_filter = ("body_region", *ContentPageAdmin.list_filter, "is_featured")
    search_fields = ("name", "summary", "overview", "causes", "symptoms")
    # Search boxes that load matches on demand: the form stays small with many pages.
    autocomplete_fields = ("reviewer", "related_conditions", "clinicians")
    inlines = (ConditionTreatmentInline, ConditionFAQInline, ConditionSlugRedirectInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "body_region",
                    "associated_anatomy",
                    "summary",
                    "is_featured",
                )
            },
        ),
        (
            "Page text",
            {"fields": ("overview", "causes", "symptoms", "diagnosis", "treatment_approach")},
        ),
        ("Related conditions and clinicians", {"fields": ("related_conditions", "clinicians")}),
        ContentPageAdmin.publishing_fieldset,
        ContentPageAdmin.review_fieldset,
        ContentPageAdmin.image_fieldset,
        ContentPageAdmin.seo_fieldset,
        ContentPageAdmin.record_fieldset,
    )


@admin.register(Treatment)
class TreatmentAdmin(ContentPageAdmin):
    preview_view_class = TreatmentDetailView
    search_fields = ("name", "summary", "description")
    inlines = (TreatmentSlugRedirectInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary")}),
        ("Page text", {"fields": ("description", "what_to_expect")}),
        ContentPageAdmin.publishing_fieldset,
        ContentPageAdmin.review_fieldset,
        ContentPageAdmin.image_fieldset,
        ContentPageAdmin.seo_fieldset,
        ContentPageAdmin.record_fieldset,
    )


@admin.register(RemovedPage)
class RemovedPageAdmin(admin.ModelAdmin):
    """Addresses of deleted pages: they answer that the page was removed (410), or send
    visitors where staff choose. Made when a published page is deleted, never by hand."""

    list_display = ("name", "kind", "slug", "removed_at", "redirect_to")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    fields = ("name", "kind", "slug", "removed_at", "redirect_to")
    readonly_fields = ("name", "kind", "slug", "removed_at")

    def has_add_permission(self, request):
        return False
