"""Content editing for non-technical staff: conditions, treatments, FAQs, medical review."""

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import (
    Condition,
    ConditionFAQ,
    ConditionSlugRedirect,
    ConditionTreatment,
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


class ContentPageAdmin(TranslationAdmin):
    """What condition and treatment editing share: lists, review, images, preview.

    Each text field shows once per language, English then Spanish, one under the other.
    """

    detail_view_class = None
    list_display = ("name", "is_published", "publish_at", "review_status", "updated_at", "links")
    list_filter = ("is_published", ReviewStatusFilter)
    search_fields = ("name", "summary")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("image_preview", "created_at", "updated_at")
    save_on_top = True
    publishing_fieldset = (
        "Publishing",
        {
            "fields": ("is_published", "publish_at", "sort_order"),
            "description": "New pages start as drafts. Use Preview to check a page before publishing it.",
        },
    )
    review_fieldset = (
        "Medical review",
        {
            "fields": ("reviewed_by", "last_reviewed", "next_review_due"),
            "description": "Shown on the page as “Medically reviewed by … on …”. Review each page at least once a year.",
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

    def get_queryset(self, request):
        return super().get_queryset(request).with_live_flag()

    def view_on_site(self, obj):
        # Drafts have no public page yet: editors use Preview instead.
        return obj.get_absolute_url() if obj.is_live else None

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        obj = self.get_object(request, str(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        view = never_cache(self.detail_view_class.as_view(preview=True))
        response = view(request, slug=obj.slug)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ConditionTreatmentInline(admin.TabularInline):
    model = ConditionTreatment
    fields = ("treatment", "sort_order")
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


@admin.register(Condition)
class ConditionAdmin(ContentPageAdmin):
    detail_view_class = ConditionDetailView
    list_display = ("name", "body_region", *ContentPageAdmin.list_display[1:])
    list_filter = ("body_region", *ContentPageAdmin.list_filter, "is_featured")
    search_fields = ("name", "summary", "overview", "causes", "symptoms")
    filter_horizontal = ("related_conditions",)
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
        ("Related conditions", {"fields": ("related_conditions",)}),
        ContentPageAdmin.publishing_fieldset,
        ContentPageAdmin.review_fieldset,
        ContentPageAdmin.image_fieldset,
        ContentPageAdmin.seo_fieldset,
        ContentPageAdmin.record_fieldset,
    )


@admin.register(Treatment)
class TreatmentAdmin(ContentPageAdmin):
    detail_view_class = TreatmentDetailView
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
