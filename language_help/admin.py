from django.contrib import admin

from .models import Tagline


@admin.register(Tagline)
class TaglineAdmin(admin.ModelAdmin):
    list_display = ("language_name", "language_code", "is_published", "sort_order")
    list_editable = ("is_published", "sort_order")
    list_filter = ("is_published",)
    search_fields = ("language_name",)
