from django.contrib.admin.apps import AdminConfig


class ClinicAdminConfig(AdminConfig):
    """The Django admin, with the clinic's own admin site as the default site."""

    default_site = "clinic_site.admin.ClinicAdminSite"
