"""core.compiled_queries: a queryset compiled once gives what the ORM gives, every time."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from conditions.models import Condition, Treatment
from core.compiled_queries import CompiledQuery

from .factories import ConditionFactory, ConditionTreatmentFactory

pytestmark = pytest.mark.django_db


def test_compiled_once_then_run_with_each_calls_values(django_assert_num_queries):
    first = ConditionFactory(slug="first")
    second = ConditionFactory(slug="second")
    by_slug = CompiledQuery(lambda slug, now: Condition.objects.published(now).filter(slug=slug))
    now = timezone.now()
    assert by_slug.first(slug="first", now=now) == first
    with django_assert_num_queries(1):
        assert by_slug.first(slug="second", now=now) == second
    # The datetime is a value too: before the pages went live, neither is found.
    assert by_slug(slug="first", now=now - timedelta(days=30)) == []


def test_the_same_instances_and_order_as_the_orm():
    treatment = Treatment.objects.create(
        name="T", slug="t", summary="s", description="d", is_published=True
    )
    for name, sort_order in (("B", 1), ("A", 2), ("C", 0)):
        ConditionTreatmentFactory(treatment=treatment, condition__name=name, sort_order=sort_order)
    ConditionTreatmentFactory(treatment=treatment, condition__is_published=False)

    def build(treatment, now):
        return (
            Condition.objects.published(now)
            .cards()
            .filter(condition_treatments__treatment=treatment)
        )

    now = timezone.now()
    compiled = CompiledQuery(build)(treatment=treatment.pk, now=now)
    expected = list(build(treatment.pk, now))
    assert compiled == expected
    assert [c.name for c in compiled] == [c.name for c in expected]
    assert [c.get_deferred_fields() for c in compiled] == [
        c.get_deferred_fields() for c in expected
    ]


def test_values_it_cannot_place_are_refused():
    ConditionFactory()
    with pytest.raises(TypeError):
        CompiledQuery(lambda flag: Condition.objects.filter(is_featured=flag))(flag=True)
    with pytest.raises(ValueError, match="does not reach"):
        CompiledQuery(lambda slug: Condition.objects.all())(slug="x")


def test_compiled_once_per_language():
    """Translated fields resolve to the active language's column when a query is built."""
    page = ConditionFactory(name_en="Back pain", name_es="Dolor de espalda")
    by_name = CompiledQuery(lambda name: Condition.objects.filter(name=name))
    with translation.override("en"):
        assert by_name.first(name="Back pain") == page
    with translation.override("es"):
        assert by_name.first(name="Dolor de espalda") == page
        assert by_name.first(name="Back pain") is None
        assert by_name.first(name="Dolor de espalda").name == "Dolor de espalda"
    with translation.override("en"):
        assert by_name.first(name="Dolor de espalda") is None
        assert by_name.first(name="Back pain").name == "Back pain"
