"""Taglines in other languages on the language assistance page (Section 1557).

The clinic adds a line for each of the top languages spoken in its state, written or
checked by a qualified translator; the site ships none it cannot vouch for.
"""

from django.db import models


class TaglineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Tagline(models.Model):
    language_name = models.CharField(
        max_length=80,
        help_text="The language's name as its speakers write it, then in English, e.g. "
        "'Tiếng Việt (Vietnamese)'.",
    )
    language_code = models.CharField(
        max_length=20,
        help_text="The language's code, e.g. 'vi', 'zh-Hant', 'ar'. Screen readers use it "
        "to read the tagline with the right voice.",
    )
    tagline = models.TextField(
        help_text="In that language: free language help is available, and the phone number "
        "to call. Have a qualified translator write or check it."
    )
    sort_order = models.PositiveIntegerField(default=0, help_text="Lower numbers are listed first.")
    is_published = models.BooleanField(
        "published", default=False, help_text="Tick to show this tagline on the website."
    )

    objects = TaglineQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "language_name"]

    def __str__(self):
        return self.language_name
