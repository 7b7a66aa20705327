"""Content editors keep the team, locations, hours, insurance plans and practice pages."""

from django.contrib import admin

from .models import (
    Clinician,
    InsurancePlan,
    Location,
    OpeningHours,
    SitePage,
    SitePageQuestion,
    SpecialHours,
)

PUBLISHING = (
    "Publishing",
    {
        "fields": ("is_published", "publish_at", "sort_order", "is_demo"),
        "description": "New entries start as drafts: tick “published” to show them.",
    },
)
PHOTO = (
    "Photo",
    {
        "fields": ("image", "image_alt"),
        "description": "Optional. Without a photo, a clinician is shown with their initials.",
    },
)
SEARCH_ENGINES = (
    "Search engines and sharing",
    {"fields": ("seo_title", "seo_description"), "classes": ("collapse",)},
)


class PublishedAdmin(admin.ModelAdmin):
    list_display = ("name", "is_published", "sort_order", "updated_at")
    list_editable = ("sort_order",)
    list_filter = ("is_published", "is_demo")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    save_on_top = True

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live else None


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    verbose_name_plural = "usual opening hours (add two rows on a day for a lunch break)"


class SpecialHoursInline(admin.TabularInline):
    model = SpecialHours
    extra = 0


@admin.register(Location)
class LocationAdmin(PublishedAdmin):
    inlines = (OpeningHoursInline, SpecialHoursInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary", "phone")}),
        (
            "Address",
            {"fields": ("street_address", "locality", "region", "postal_code", "country")},
        ),
        ("Getting here", {"fields": ("parking", "transit", "accessibility")}),
        PHOTO,
        PUBLISHING,
        SEARCH_ENGINES,
    )


@admin.register(Clinician)
class ClinicianAdmin(PublishedAdmin):
    list_display = (
        "name",
        "credentials",
        "role",
        "accepting_new_patients",
        "is_published",
        "sort_order",
    )
    list_filter = (*PublishedAdmin.list_filter, "accepting_new_patients", "locations")
    search_fields = ("name", "credentials", "role", "specialties")
    filter_horizontal = ("locations",)
    raw_id_fields = ("user",)
    # The conditions app adds the conditions a clinician treats (conditions/admin.py).
    inlines = ()
    # Who signs off medical pages, and how the pages credit them, is for administrators.
    CREDIT_FIELDS = ("name", "credentials", "user")
    fieldsets = (
        (None, {"fields": ("name", "slug", "credentials", "role", "summary")}),
        (
            "Practice",
            {
                "fields": (
                    "specialties",
                    "languages",
                    "accepting_new_patients",
                    "locations",
                    "bio",
                )
            },
        ),
        (
            "Medical sign-off",
            {
                "fields": ("user",),
                "description": (
                    "Link the clinician's staff account if they approve medical pages "
                    "(the Clinical reviewers group): pages they approve then name them, "
                    "linked to this profile, with their credentials of that day. Only an "
                    "administrator links accounts and changes a clinician's name or "
                    "credentials."
                ),
            },
        ),
        PHOTO,
        PUBLISHING,
        SEARCH_ENGINES,
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        # A new profile needs a name; only its link to an account waits for an administrator.
        return (*readonly, *(self.CREDIT_FIELDS if obj else ("user",)))

    def get_prepopulated_fields(self, request, obj=None):
        if obj and not request.user.is_superuser:
            return {}  # the name it is drawn from is read-only
        return super().get_prepopulated_fields(request, obj)


@admin.register(InsurancePlan)
class InsurancePlanAdmin(admin.ModelAdmin):
    list_display = ("name", "notes", "is_published", "sort_order")
    list_editable = ("notes", "is_published", "sort_order")
    list_filter = ("is_published", "is_demo")
    search_fields = ("name",)
    fields = ("name", "notes", "is_published", "publish_at", "sort_order", "is_demo")


class SitePageQuestionInline(admin.StackedInline):
    model = SitePageQuestion
    extra = 0


@admin.register(SitePage)
class SitePageAdmin(PublishedAdmin):
    list_display = ("name", "show_in", "is_published", "sort_order", "updated_at")
    list_filter = (*PublishedAdmin.list_filter, "show_in")
    autocomplete_fields = ("reviewer",)
    inlines = (SitePageQuestionInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "summary", "body", "show_in")}),
        PUBLISHING,
        (
            "Medical review",
            {"fields": ("reviewer", "reviewed_by", "last_reviewed", "next_review_due")},
        ),
        SEARCH_ENGINES,
    )

    def save_model(self, request, obj, form, change):
        if "reviewer" in form.changed_data:
            # The page credits the clinician with their credentials of today (see
            # MedicallyReviewed.reviewer_credit).
            obj.reviewer_credentials = obj.reviewer.credentials if obj.reviewer else ""
        super().save_model(request, obj, form, change)
