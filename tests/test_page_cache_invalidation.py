"""Every way content changes retires the cached pages once the change commits (issue 25).

Run on SQLite with the local-memory cache here, and on PostgreSQL with Redis in CI
(.ci/run sets DATABASE_URL and CACHE_URL for the whole suite)."""

import pytest
from django.core.management import call_command
from django.test import Client

from content_workflow import services, snapshots
from language_help.models import Tagline

from .factories import (
    ClinicianFactory,
    ConditionFactory,
    ConditionTreatmentFactory,
    FAQFactory,
    InsurancePlanFactory,
    LocationFactory,
    OpeningHoursFactory,
    SitePageFactory,
    SitePageQuestionFactory,
    SpecialHoursFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    condition = ConditionFactory(slug="sciatica")
    treatment = TreatmentFactory(slug="massage")
    location = LocationFactory(slug="downtown")
    clinician = ClinicianFactory(slug="dr-ruiz")
    return {
        "condition": condition,
        "treatment": treatment,
        "location": location,
        "clinician": clinician,
        "site_page": SitePageFactory(slug="faq"),
    }


def publish_a_draft(site):
    page = site["condition"]
    snapshot = snapshots.take(page)
    snapshot["fields"]["summary_en"] = "A summary published from a draft."
    services.publish(services.save_draft(page, snapshot, author=None))


CHANGES = {
    "condition saved": lambda s: s["condition"].save(),
    "condition deleted": lambda s: ConditionFactory(slug="gone").delete(),
    "treatment saved": lambda s: s["treatment"].save(),
    "treatment listed": lambda s: ConditionTreatmentFactory(
        condition=s["condition"], treatment=s["treatment"]
    ),
    "question added": lambda s: FAQFactory(condition=s["condition"]),
    "related condition": lambda s: s["condition"].related_conditions.add(ConditionFactory()),
    "clinician saved": lambda s: s["clinician"].save(),
    "clinician at a location": lambda s: s["clinician"].locations.add(s["location"]),
    "clinician treats a condition": lambda s: s["clinician"].conditions_treated.add(s["condition"]),
    "location saved": lambda s: s["location"].save(),
    "opening hours": lambda s: OpeningHoursFactory(location=s["location"]),
    "special hours": lambda s: SpecialHoursFactory(location=s["location"]),
    "insurance plan": lambda s: InsurancePlanFactory(),
    "site page": lambda s: s["site_page"].save(),
    "site page question": lambda s: SitePageQuestionFactory(page=s["site_page"]),
    "tagline": lambda s: Tagline.objects.create(
        language_name="Tagalog", language_code="tl", tagline="May tulong sa wika."
    ),
    "draft published": publish_a_draft,
    "content generated at scale": lambda s: call_command(
        "generate_content_scale", conditions=2, treatments=1, hub_links=1, verbosity=0
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_retires_every_cached_page(
    site, page_cache, change, django_capture_on_commit_callbacks
):
    client = Client()
    pages = ("/conditions/sciatica/", "/providers/dr-ruiz/", "/locations/downtown/", "/")
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](site)
    for url in pages:
        assert client.get(url)["X-Cache"] == "miss", (change, url)


def test_loading_the_demo_content_retires_every_cached_page(
    page_cache, django_capture_on_commit_callbacks
):
    client = Client()
    client.get("/conditions/")
    assert client.get("/conditions/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    response = client.get("/conditions/")
    assert response["X-Cache"] == "miss"
    assert "/conditions/upper-back-pain/" in response.content.decode()
