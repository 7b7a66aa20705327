"""Creating staff groups with fixed permissions, for the apps' data migrations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def group_operation(group_name, app_label, *, models=(), codenames=()):
    """A RunPython operation that gives a group (created if need be) an app's chosen
    permissions: every permission on `models`, plus the named `codenames`."""

    def create_group(apps, schema_editor):
        _create_all_permissions(apps)
        Group = apps.get_model("auth", "Group")
        group, _ = Group.objects.get_or_create(name=group_name)
        # Added, not set: several apps give the same group their own permissions.
        group.permissions.add(*chosen_permissions(apps))

    def chosen_permissions(apps):
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label=app_label
        )
        return permissions.filter(content_type__model__in=models) | permissions.filter(
            codename__in=codenames
        )

    def remove_permissions(apps, schema_editor):
        group = apps.get_model("auth", "Group").objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(*chosen_permissions(apps))
            if not group.permissions.exists():
                group.delete()

    return migrations.RunPython(create_group, remove_permissions)


def _create_all_permissions(apps):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
