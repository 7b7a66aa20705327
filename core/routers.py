"""Sends Django's database cache table to its own database (the "cache" alias)."""

CACHE_DATABASE = "cache"
# The app label Django's DatabaseCache gives its table's model.
CACHE_APP_LABEL = "django_cache"


class CacheDatabaseRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label == CACHE_APP_LABEL:
            return CACHE_DATABASE
        return None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, **hints):
        # The cache database holds the cache table only; the cache table nothing else.
        return (db == CACHE_DATABASE) == (app_label == CACHE_APP_LABEL)
