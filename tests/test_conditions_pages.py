"""Patient-facing condition and treatment pages (issue 3)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from conditions.models import BodyRegion

from .factories import ConditionFactory, ConditionTreatmentFactory, FAQFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def test_conditions_index_is_grouped_by_body_region(client):
    ConditionFactory(name="Neck Pain", body_region=BodyRegion.NECK)
    ConditionFactory(name="Upper Back Pain", body_region=BodyRegion.UPPER_BACK)
    ConditionFactory(name="Sciatica", body_region=BodyRegion.LOWER_BACK)
    ConditionFactory(name="Hidden", body_region=BodyRegion.HEAD, is_published=False)
    html = client.get("/conditions/").content.decode()
    neck, upper, lower = (
        html.index(label)
        for label in ("Neck and shoulders", "Upper and middle back", "Lower back, hips and legs")
    )
    assert (
        neck
        < html.index("Neck Pain")
        < upper
        < html.index("Upper Back Pain")
        < lower
        < html.index("Sciatica")
    )
    assert "Head and face" not in html
    assert "Hidden" not in html


def test_condition_page_has_the_model_pages_shape(client, condition):
    live = ConditionTreatmentFactory(
        condition=condition, treatment__name="Facet Joint Injections"
    ).treatment
    ConditionTreatmentFactory(
        condition=condition, treatment__name="Draft Treatment", treatment__is_published=False
    )
    FAQFactory(condition=condition, question="Will I need surgery?")
    related = ConditionFactory(name="Neck Pain")
    condition.related_conditions.add(related)
    response = client.get("/conditions/upper-back-pain/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") :]
    # The review byline under the title, the contents, the sections, the not-advice note,
    # then one call to action.
    order = [
        "<h1>Upper Back Pain</h1>",
        '<p class="byline">Medically reviewed by <a href=',
        "On this page",
        "What can cause upper back pain?",
        '<h2 id="symptoms">Symptoms',
        '<h2 id="when-to-see-a-specialist">When to see a specialist',
        "How we treat upper back pain",
        "Facet Joint Injections",
        "Will I need surgery?",
        '<h2 id="related">Related conditions',
        "not medical advice",
        "Request an appointment",
        "Contact our pain management specialists",
    ]
    positions = [main.index(text) for text in order]
    assert positions == sorted(positions)
    assert f'href="{live.get_absolute_url()}"' in html
    assert "Draft Treatment" not in html
    assert f'href="{related.get_absolute_url()}"' in html
    # The call to action opens the form with this condition chosen, and offers the phone.
    assert 'href="/appointments/?condition=upper-back-pain"' in html
    assert 'href="/contact/?condition=upper-back-pain"' in html
    assert 'href="tel:+15550100123"' in html


def test_condition_page_lists_keep_their_own_order_and_only_live_pages(client, condition):
    for name, sort_order in (("Zeta Therapy", 1), ("Alpha Therapy", 2)):
        ConditionTreatmentFactory(condition=condition, treatment__name=name, sort_order=sort_order)
    ConditionTreatmentFactory(
        condition=condition,
        treatment__name="Future Therapy",
        treatment__publish_at=timezone.now() + timedelta(days=1),
    )
    FAQFactory(condition=condition, question="Asked second?", sort_order=2)
    FAQFactory(condition=condition, question="Asked first?", sort_order=1)
    FAQFactory(question="Another page's question?")
    condition.related_conditions.add(
        ConditionFactory(name="Ordered Last", sort_order=2),
        ConditionFactory(name="Ordered First", sort_order=1),
        ConditionFactory(name="Draft Related", is_published=False),
    )
    html = client.get(condition.get_absolute_url()).content.decode()
    order = [
        "Zeta Therapy",
        "Alpha Therapy",
        "Asked first?",
        "Asked second?",
        "Ordered First",
        "Ordered Last",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    for absent in ("Future Therapy", "Another page's question?", "Draft Related"):
        assert absent not in html
    # FAQ answers are read whole, not mixed up with the cards' columns.
    assert html.count("<dd><p>A careful answer.</p></dd>") == 2


def test_breadcrumbs_on_content_pages(client, condition, treatment):
    for url, trail in (
        ("/conditions/", ["Home", "Conditions we treat"]),
        (condition.get_absolute_url(), ["Home", "Conditions we treat", "Upper Back Pain"]),
        ("/treatments/", ["Home", "Treatments"]),
        (treatment.get_absolute_url(), ["Home", "Treatments", "Trigger Point Injections"]),
        ("/search/", ["Home", "Search"]),
    ):
        html = client.get(url).content.decode()
        crumbs = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
        positions = [crumbs.index(f">{name}</a>") for name in trail]
        assert positions == sorted(positions), url


@pytest.mark.parametrize(
    "changes",
    [{"is_published": False}, {"publish_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "future"],
)
def test_unpublished_and_future_pages_are_not_found(client, changes):
    condition = ConditionFactory(**changes)
    treatment = TreatmentFactory(**changes)
    assert client.get(condition.get_absolute_url()).status_code == 404
    assert client.get(treatment.get_absolute_url()).status_code == 404
    assert condition.name not in client.get("/conditions/").content.decode()
    assert treatment.name not in client.get("/treatments/").content.decode()


def test_treatment_pages_list_the_conditions_they_treat(client, condition, treatment):
    ConditionTreatmentFactory(condition=condition, treatment=treatment)
    ConditionTreatmentFactory(
        condition__name="Draft Condition", condition__is_published=False, treatment=treatment
    )
    html = client.get("/treatments/").content.decode()
    assert treatment.get_absolute_url() in html
    html = client.get(treatment.get_absolute_url()).content.decode()
    assert "<h1>Trigger Point Injections</h1>" in html
    assert "What to expect" in html
    assert f'href="{condition.get_absolute_url()}"' in html
    assert "Draft Condition" not in html
    reviewer = treatment.reviewer
    assert (
        f'Medically reviewed by <a href="{reviewer.get_absolute_url()}">Dr. Test Reviewer, MD</a>'
        in html
    )


def test_an_old_slug_redirects_permanently(client, condition):
    condition.slug = "upper-back-and-shoulder-pain"
    condition.save()
    response = client.get("/conditions/upper-back-pain/")
    assert response.status_code == 301
    assert response["Location"] == "/conditions/upper-back-and-shoulder-pain/"
    treatment = TreatmentFactory(slug="old-name")
    treatment.slug = "new-name"
    treatment.save()
    assert client.get("/treatments/old-name/")["Location"] == "/treatments/new-name/"


def test_an_old_slug_of_an_unpublished_page_is_not_found(client, condition):
    condition.slug = "renamed"
    condition.is_published = False
    condition.save()
    assert client.get("/conditions/upper-back-pain/").status_code == 404


def test_review_line_gives_local_dates_and_says_it_is_not_advice(client):
    condition = ConditionFactory(last_reviewed=date(2026, 3, 5))
    # 02:30 UTC on 1 November is still 31 October in the clinic's time zone (New York).
    updated = datetime(2026, 11, 1, 2, 30, tzinfo=UTC)
    type(condition).objects.filter(pk=condition.pk).update(updated_at=updated)
    html = client.get(condition.get_absolute_url()).content.decode()
    assert (
        f'Medically reviewed by <a href="{condition.reviewer.get_absolute_url()}">'
        'Dr. Test Reviewer, MD</a> on <time datetime="2026-03-05">'
        "March 5, 2026</time>.</p>"
    ) in html
    assert (
        '<p class="reviewed">Last updated '
        '<time datetime="2026-10-31T22:30:00-04:00">October 31, 2026</time>.'
    ) in html
    assert "not medical advice" in html

    unreviewed = TreatmentFactory(reviewer=None, last_reviewed=None, next_review_due=None)
    html = client.get(unreviewed.get_absolute_url()).content.decode()
    assert "Medically reviewed" not in html
    assert "Last updated <time" in html
