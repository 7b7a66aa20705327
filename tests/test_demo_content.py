"""The demo content a fresh install loads (issue 3)."""

import pytest
from django.core.management import call_command

from conditions.models import Condition, ConditionFAQ, Treatment

pytestmark = pytest.mark.django_db


def load():
    call_command("load_demo_content", verbosity=0)


def test_demo_content_has_the_conditions_and_treatments_we_promise():
    load()
    conditions = list(Condition.objects.published())
    assert len(conditions) >= 8
    assert conditions[0].slug == "upper-back-pain"
    assert Treatment.objects.published().count() >= 6
    for condition in conditions:
        assert condition.faqs.exists(), condition
        assert condition.treatments.exists(), condition
        assert condition.reviewed_by and condition.last_reviewed and condition.next_review_due
    upper_back = conditions[0]
    text = " ".join(
        [
            upper_back.overview,
            upper_back.causes,
            upper_back.diagnosis,
            upper_back.treatment_approach,
        ]
    ).lower()
    for fact in ("thoracic", "posture", "mri", "ice", "anti-inflammatory", "surgery"):
        assert fact in text, fact


def test_loading_again_duplicates_nothing():
    load()
    counts = (Condition.objects.count(), Treatment.objects.count(), ConditionFAQ.objects.count())
    load()
    assert (
        Condition.objects.count(),
        Treatment.objects.count(),
        ConditionFAQ.objects.count(),
    ) == counts


def test_loading_again_never_overwrites_staff_edits():
    load()
    page = Condition.objects.get(slug="upper-back-pain")
    page.summary = "Edited by staff."
    page.slug = "upper-back-pain-treatment"
    page.save()
    page.faqs.all().delete()
    load()
    assert Condition.objects.filter(name="Upper Back Pain").count() == 1
    page.refresh_from_db()
    assert page.summary == "Edited by staff."
    assert not page.faqs.exists()


def test_demo_pages_render(client):
    load()
    for condition in Condition.objects.all():
        assert client.get(condition.get_absolute_url()).status_code == 200
    for treatment in Treatment.objects.all():
        assert client.get(treatment.get_absolute_url()).status_code == 200


def test_demo_content_in_spanish(client):
    load()
    html = client.get("/es/conditions/upper-back-pain/").content.decode()
    assert "<h1>Dolor en la parte superior de la espalda</h1>" in html
    assert "¿Voy a necesitar cirugía?" in html
    assert "Inyecciones en puntos gatillo" in html
    assert "noindex" not in html
    assert "Fisioterapia" in client.get("/es/treatments/physical-therapy/").content.decode()
    # Pages with no Spanish text yet show the English one under /es/, marked noindex.
    assert "noindex" in client.get("/es/conditions/neck-pain/").content.decode()
    # Search from /es/ finds Spanish words.
    results = client.get("/es/search/?q=omóplatos").content.decode()
    assert "Dolor en la parte superior de la espalda" in results


def test_staff_spanish_text_is_never_overwritten():
    load()
    page = Condition.objects.get(slug="upper-back-pain")
    page.name_es = "Dolor de espalda alta (personal)"
    page.save()
    load()
    page.refresh_from_db()
    assert page.name_es == "Dolor de espalda alta (personal)"
