"""Admin pieces that several apps share."""


class ReadOnlyAdminMixin:
    """A list that staff may look at but never add to, change or delete from (records
    the site writes itself: logs, the outbox, exports, versions)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
