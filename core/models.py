"""Counters that every worker and server share, and a record of demo content loaded."""

from django.db import models


class Counter(models.Model):
    """How many times something happened within a window (see core.ratelimit).

    Kept in the database, not the cache: a count survives a cache outage or eviction and
    is incremented atomically by every worker and server at once.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"


class DemoContentLoad(models.Model):
    """A set of demo content that `load_demo_content` has dealt with, so it never loads
    it again (staff may have deleted or changed it since)."""

    name = models.CharField(max_length=50, primary_key=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class ContentGeneration(models.Model):
    """The content generation (core.pagecache), kept in the database: a content change
    writes a new one in its own transaction, so a change that commits is never forgotten
    when the cache misses the news (the every-minute sweep passes it on)."""

    token = models.CharField(max_length=16)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.token
