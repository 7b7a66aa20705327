"""Creating staff groups with fixed permissions, for the apps' data migrations."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def group_operation(group_name, app_label, *, models=(), codenames=()):
    """A RunPython operation that creates a group holding an app's chosen permissions:
    every permission on `models`, plus the named `codenames`."""

    def create_group(apps, schema_editor):
        _create_all_permissions(apps)
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        permissions = Permission.objects.filter(content_type__app_label=app_label)
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(
            permissions.filter(content_type__model__in=models)
            | permissions.filter(codename__in=codenames)
        )

    def delete_group(apps, schema_editor):
        apps.get_model("auth", "Group").objects.filter(name=group_name).delete()

    return migrations.RunPython(create_group, delete_group)


def grant_operation(group_name, app_label, codenames):
    """A RunPython operation that adds an app's named permissions to an existing group
    (created by an earlier migration), leaving its other permissions as they are."""

    def permissions(apps):
        return apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )

    def grant(apps, schema_editor):
        _create_all_permissions(apps)
        group = apps.get_model("auth", "Group").objects.get(name=group_name)
        group.permissions.add(*permissions(apps))

    def revoke(apps, schema_editor):
        group = apps.get_model("auth", "Group").objects.get(name=group_name)
        group.permissions.remove(*permissions(apps))

    return migrations.RunPython(grant, revoke)


def _create_all_permissions(apps):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
