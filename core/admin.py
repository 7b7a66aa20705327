"""Admin pieces that several apps share, and the clinic's identity, edited by the owner
(an administrator, or whoever is given "Can change clinic identity"): one form, in
English and Spanish side by side."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from solo.admin import SingletonModelAdmin

from .models import ClinicIdentity


class ReadOnlyAdminMixin:
    """A list that staff may look at but never add to, change or delete from (records
    the site writes itself: logs, the outbox, exports, versions)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
