"""Superusers reset a colleague's two-step sign-in from the user list.

django-otp's own device admins are taken off the site: they show secrets and let a
device be made by hand, which enrolment does instead.
"""

import logging

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services

logger = logging.getLogger(__name__)
User = get_user_model()

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = (*UserAdmin.list_display, "has_second_factor")
    actions = ("reset_second_factor",)

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(enrolled))

    @admin.display(boolean=True, description="Two-step sign-in", ordering="has_second_factor")
    def has_second_factor(self, user):
        return user.has_second_factor

    @admin.action(
        description="Reset two-step sign-in of selected users",
        permissions=("reset_second_factor",),
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.reset(user)
            self.log_change(request, user, "Reset two-step sign-in.")
            logger.info(
                "Second factor reset",
                extra={"user_id": user.pk, "reset_by_user_id": request.user.pk},
            )
        self.message_user(
            request,
            f"Two-step sign-in reset for {len(queryset)} account(s). Each sets it up "
            "again on their next visit to the staff area, signed in or not.",
            messages.SUCCESS,
        )

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser
