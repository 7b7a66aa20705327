from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Clinicians, locations and practice pages"

    def ready(self):
        from core import pagecache

        from .models import (
            Clinician,
            InsurancePlan,
            Location,
            OpeningHours,
            SitePage,
            SitePageQuestion,
            SpecialHours,
            next_scheduled_change,
        )

        # Clinicians appear on condition pages, locations on the contact page and the
        # form: any change retires every cached page.
        pagecache.invalidate_when_changed(
            Clinician,
            Location,
            OpeningHours,
            SpecialHours,
            InsurancePlan,
            SitePage,
            SitePageQuestion,
            Clinician.locations.through,
        )
        pagecache.register_schedule(next_scheduled_change)
