"""The clinic's identity, edited by the owner (an administrator, or whoever is given
"Can change clinic identity"): one form, in English and Spanish side by side."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from solo.admin import SingletonModelAdmin

from .images import delete_renditions, make_logo_rendition
from .models import ClinicIdentity


@admin.register(ClinicIdentity)
class ClinicIdentityAdmin(TranslationAdmin, SingletonModelAdmin):
    fieldsets = (
        ("The clinic", {"fields": ("name", "short_name", "logo", "phone", "email")}),
        (
            "Home page",
            {"fields": ("headline", "lead", "primary_action", "secondary_action")},
        ),
        (
            "Every page",
            {
                "fields": ("description", "image", "image_alt"),
                "description": (
                    "The picture is shown when a page of the site is shared on social "
                    "media or in a message, unless the page has its own."
                ),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        if "logo" in form.changed_data:
            old_rendition = obj.logo_rendition
            obj.logo_rendition = make_logo_rendition(obj.logo) if obj.logo else {}
            delete_renditions({"webp": [old_rendition]} if old_rendition else {})
        super().save_model(request, obj, form, change)
