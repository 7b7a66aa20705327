"""Imports run one way, as README's "Layout of the code" declares (issue 25.3): each app
imports only the apps it builds on, and no module hides a dependency by reaching a model
through a relation (`_meta.get_field(...).related_model`) or finding models by an
attribute. Read from the source, so a new import the README does not declare fails here."""

import ast
import re
from pathlib import Path

import pytest

from conditions.models import Condition

BASE_DIR = Path(__file__).resolve().parent.parent

# Which apps each one may import (besides itself, Django and libraries).
BUILDS_ON = {
    "core": set(),
    "practice": {"core"},
    "content_workflow": {"core"},
    "language_help": {"core"},
    "second_factor": {"core"},
    "conditions": {"core", "practice", "content_workflow"},
    "appointments": {"core", "practice", "conditions"},
}
PROJECT = "clinic_site"  # the top floor: it may import every app, and no app imports it
PACKAGES = {*BUILDS_ON, PROJECT}
HIDDEN_LOOKUPS = re.compile(
    r"get_field\([^)]*\)\.related_model|\.field\.related_model|hasattr\(model, \"[A-Z_]+\"\)"
)


def modules(app):
    return sorted((BASE_DIR / app).rglob("*.py"))


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if (top := name.split(".")[0]) in PACKAGES:
                yield top


@pytest.mark.parametrize("app", sorted(BUILDS_ON))
def test_an_app_imports_only_what_it_builds_on(app):
    wrong_way = {
        f"{path.relative_to(BASE_DIR)} imports {package}"
        for path in modules(app)
        for package in imported_packages(path)
        if package != app and package not in BUILDS_ON[app]
    }
    assert not wrong_way


@pytest.mark.parametrize("app", sorted(BUILDS_ON))
def test_no_dependency_is_hidden_behind_a_lookup(app):
    hidden = [
        f"{path.relative_to(BASE_DIR)}: {match[0]}"
        for path in modules(app)
        for match in HIDDEN_LOOKUPS.finditer(path.read_text())
    ]
    assert not hidden


def test_core_names_no_apps_views():
    """URL names belong to their apps; core's navigation knowledge moved to the project."""
    apps = "|".join(sorted(BUILDS_ON.keys() - {"core"}))
    named = [
        f"{path.relative_to(BASE_DIR)}: {match[0]}"
        for path in modules("core")
        for match in re.finditer(rf"[\"'](?:{apps}):\w*", path.read_text())
    ]
    assert not named


def test_the_workflow_holds_the_pages_their_apps_registered():
    from conditions.models import Treatment
    from content_workflow.snapshots import page_models

    assert page_models() == [Treatment, Condition]


def test_the_clinician_pages_learn_what_clinicians_treat_from_the_conditions_app():
    from practice.views import treated_model

    assert treated_model() is Condition


def test_the_readme_declares_the_same_directions():
    readme = (BASE_DIR / "README.md").read_text()
    for app, builds_on in BUILDS_ON.items():
        declared = ", ".join(f"`{other}`" for other in sorted(builds_on)) or "nothing"
        assert f"`{app}` builds on {declared}" in readme, app


@pytest.mark.django_db
def test_the_conditions_app_adds_the_conditions_treated_to_the_clinician_admin(client, superuser):
    from .factories import ClinicianFactory, ConditionFactory

    clinician = ClinicianFactory()
    ConditionFactory().clinicians.add(clinician)
    client.force_login(superuser)
    response = client.get(f"/admin/practice/clinician/{clinician.pk}/change/")
    [inline] = response.context["inline_admin_formsets"]
    assert inline.formset.model is Condition.clinicians.through
    assert len(inline.formset.forms) == 1  # the condition linked above
    assert "Conditions treated" in response.content.decode()
