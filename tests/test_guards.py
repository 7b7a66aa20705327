"""Site-wide guards: migrations, system checks, layout of the project (issue 2)."""

from io import StringIO

import pytest
from django.core.management import call_command

from clinic_site.settings import BASE_DIR


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_system_checks_pass():
    call_command("check", stdout=StringIO())


def test_the_project_has_the_agreed_shape():
    for path in (
        "manage.py",
        "clinic_site/settings.py",
        "clinic_site/urls.py",
        "clinic_site/wsgi.py",
        "clinic_site/asgi.py",
        "conditions",
        "appointments",
        "templates/base.html",
        "static/css/site.css",
        "requirements.txt",
        "requirements-dev.txt",
        "README.md",
        "Makefile",
        ".ci/run",
        "pyproject.toml",
        ".env.example",
    ):
        assert (BASE_DIR / path).exists(), path


def test_runtime_requirements_are_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (BASE_DIR / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line} is not pinned"


def test_no_secret_is_committed():
    assert (
        not (BASE_DIR / ".env").exists() or ".env" in (BASE_DIR / ".gitignore").read_text().split()
    )
    settings_source = (BASE_DIR / "clinic_site" / "settings.py").read_text()
    assert 'SECRET_KEY = "' not in settings_source
