from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site-wide machinery"

    def ready(self):
        from django.db.models.signals import post_save

        from . import (
            checks,  # noqa: F401 - registers the system checks
            local_caches,  # noqa: F401 - connects its settings-change receiver
            pagecache,
        )
        from .clinic import remember_identity_on_commit
        from .models import ClinicIdentity

        # The owner's save of the clinic's identity: every process shows it, and every
        # cached page is rendered again with it, once the change commits.
        post_save.connect(
            remember_identity_on_commit, sender=ClinicIdentity, dispatch_uid="clinic-identity"
        )
        pagecache.invalidate_when_changed(ClinicIdentity)
