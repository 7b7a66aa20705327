"""Content models: publishing, validation staff understand, slug history (issue 3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conditions.models import Condition, ConditionSlugRedirect, ConditionTreatment, Treatment

from .factories import ConditionFactory, ConditionTreatmentFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def test_new_content_starts_unpublished():
    assert Condition().is_published is False
    assert Treatment().is_published is False


def test_published_means_ticked_and_publish_time_passed():
    live = ConditionFactory()
    ConditionFactory(is_published=False)
    ConditionFactory(publish_at=timezone.now() + timedelta(hours=1))
    assert list(Condition.objects.published()) == [live]


def test_an_image_needs_a_description(condition):
    condition.image = "uploads/photo.jpg"
    condition.image_alt = "  "
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert error.value.message_dict["image_alt_en"] == [
        "Describe the image for people who cannot see it."
    ]


def test_the_database_also_refuses_an_image_without_a_description(condition):
    with pytest.raises(IntegrityError), transaction.atomic():
        Condition.objects.filter(pk=condition.pk).update(image="uploads/photo.jpg", image_alt="")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"reviewer": None, "reviewed_by": ""},
            "reviewer",
            "Say who reviewed the page when you give a review date.",
        ),
        (
            {"last_reviewed": timezone.localdate() + timedelta(days=1)},
            "last_reviewed",
            "The review date cannot be in the future.",
        ),
        (
            {"next_review_due": timezone.localdate() - timedelta(days=30)},
            "next_review_due",
            "The next review must come after the last one.",
        ),
    ],
)
def test_medical_review_dates_are_checked(condition, changes, field, message):
    for name, value in changes.items():
        setattr(condition, name, value)
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert error.value.message_dict[field] == [message]


def test_a_treatment_is_listed_once_per_condition(condition, treatment):
    ConditionTreatment.objects.create(condition=condition, treatment=treatment)
    duplicate = ConditionTreatment(condition=condition, treatment=treatment)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This treatment is already listed for the condition." in str(error.value)


def test_treatments_keep_their_order_on_a_condition(condition):
    second = ConditionTreatmentFactory(condition=condition, sort_order=2).treatment
    first = ConditionTreatmentFactory(condition=condition, sort_order=1).treatment
    assert [link.treatment for link in condition.condition_treatments.all()] == [first, second]


def test_changing_a_slug_keeps_the_old_one_as_a_redirect(condition):
    condition.slug = "upper-back-and-shoulder-pain"
    condition.save()
    redirect = ConditionSlugRedirect.objects.get()
    assert (redirect.old_slug, redirect.page) == ("upper-back-pain", condition)
    # A second rename keeps both old addresses pointing at the page, without chains.
    condition.slug = "thoracic-pain"
    condition.save()
    assert set(condition.slug_redirects.values_list("old_slug", flat=True)) == {
        "upper-back-pain",
        "upper-back-and-shoulder-pain",
    }


def test_a_page_that_takes_back_an_old_slug_removes_its_redirect(condition):
    condition.slug = "renamed"
    condition.save()
    condition.slug = "upper-back-pain"
    condition.save()
    assert list(ConditionSlugRedirect.objects.values_list("old_slug", flat=True)) == ["renamed"]


def test_search_matches_name_summary_and_text_with_name_matches_first():
    in_text = ConditionFactory(name="Alpha", overview="Pain that feels like burning.")
    in_name = ConditionFactory(name="Burning Feet")
    ConditionFactory(name="Gamma")
    assert list(Condition.objects.search(["burning"])) == [in_name, in_text]
    assert list(Condition.objects.search(["burning", "feet"])) == [in_name]


def test_review_is_needed_when_overdue_or_never_done():
    overdue = ConditionFactory(next_review_due=timezone.localdate() - timedelta(days=1))
    never = ConditionFactory(reviewer=None, last_reviewed=None, next_review_due=None)
    ConditionFactory()
    assert set(Condition.objects.needs_review()) == {overdue, never}
    assert TreatmentFactory().review_overdue is False


@pytest.mark.parametrize("is_published", [True, False])
@pytest.mark.parametrize("publish_in_days", [-1, 1])
def test_is_live_states_the_same_rule_as_published(is_published, publish_in_days):
    page = ConditionFactory(
        is_published=is_published, publish_at=timezone.now() + timedelta(days=publish_in_days)
    )
    assert page.is_live == Condition.objects.published().filter(pk=page.pk).exists()
