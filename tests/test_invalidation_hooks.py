"""Every change to public content retires the cached pages in one way (issue 25.4):
`pagecache.invalidate_when_changed`, after the commit, and once for a whole change made
inside `pagecache.one_change()` (publishing a page with its rows)."""

import pytest
from django.db import transaction

from core import pagecache
from language_help.models import Tagline

from .factories import ClinicianFactory, ConditionFactory, LocationFactory

pytestmark = pytest.mark.django_db


def retirements(callbacks):
    """How many times the callbacks retire the cached pages: each invalidation writes the
    new generation to the database at once and to the cache after the commit."""
    names = [getattr(callback, "func", callback) for callback in callbacks]
    assert set(names) <= {pagecache._store_generation}, names
    return len(names)


def new_tagline(code):
    return Tagline.objects.create(
        language_name=f"Language {code}", language_code=code, tagline="Text.", is_published=True
    )


def test_a_tagline_retires_the_pages_after_the_commit_once_per_change(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        new_tagline("pl")
    assert retirements(callbacks) == 1
    with (
        django_capture_on_commit_callbacks() as callbacks,
        transaction.atomic(),
        pagecache.one_change(),
    ):
        new_tagline("vi")
        Tagline.objects.filter(language_code="pl").get().delete()
    assert retirements(callbacks) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda: ConditionFactory().clinicians.add(ClinicianFactory()),
        lambda: ClinicianFactory().conditions_treated.add(ConditionFactory()),
        lambda: ClinicianFactory().locations.add(LocationFactory()),
    ],
    ids=["condition-clinicians", "clinician-conditions", "clinician-locations"],
)
def test_linking_rows_retires_the_pages_once_per_change(change, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        transaction.atomic(),
        pagecache.one_change(),
    ):
        change()
    assert retirements(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        change()
    assert retirements(callbacks) >= 1
