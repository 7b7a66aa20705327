"""The demo content a fresh install loads, once (issues 3 and 14)."""

from io import StringIO

import pytest
from django.apps import apps
from django.core import checks
from django.core.management import call_command
from django.urls import reverse

from conditions.demo_content import DEMO_REVIEWER
from conditions.models import Condition, ConditionFAQ, Treatment
from core.models import DemoContentLoad
from core.publishing import Publishable, demo_models
from practice.models import Location, OpeningHours, SpecialHours

from .factories import AppointmentRequestFactory, ConditionFactory

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
        assert condition.reviewer.is_live and condition.last_reviewed and condition.next_review_due
        assert condition.clinicians.exists(), condition
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


def test_every_demo_page_is_marked_as_demo():
    load()
    assert not Condition.objects.filter(is_demo=False).exists()
    assert not Treatment.objects.filter(is_demo=False).exists()


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


def test_what_staff_deleted_or_unpublished_never_comes_back():
    load()
    Condition.objects.get(slug="upper-back-pain").delete()
    Treatment.objects.filter(slug="epidural-steroid-injections").delete()
    Condition.objects.filter(slug="lower-back-pain").update(is_published=False)
    load()
    assert not Condition.objects.filter(slug="upper-back-pain").exists()
    assert not Treatment.objects.filter(slug="epidural-steroid-injections").exists()
    assert not Condition.objects.get(slug="lower-back-pain").is_published
    # Not even when staff deleted every page.
    Condition.objects.all().delete()
    load()
    assert not Condition.objects.exists()


def test_a_site_with_its_own_content_gets_no_demo_content():
    ConditionFactory(name="Our Own Page")
    load()
    assert list(Condition.objects.values_list("name", flat=True)) == ["Our Own Page"]
    assert not Treatment.objects.exists()
    assert DemoContentLoad.objects.filter(name="conditions").exists()


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


def deploy_warnings():
    return {
        message.id: message.msg
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id.startswith(("conditions.", "core.", "content_workflow."))
    }


def test_the_deploy_check_warns_while_demo_content_is_published(settings):
    settings.DEBUG = False
    load()
    warnings = deploy_warnings()
    assert "Demo content is published" in warnings["core.E104"]
    assert "example reviewer" in warnings["conditions.W002"]  # a demo clinician
    Condition.objects.update(is_demo=False)
    Treatment.objects.update(is_demo=False)
    warnings = deploy_warnings()
    # The demo clinicians, locations, plans and practice pages still count.
    for kind in ("clinicians", "locations", "insurance plans", "site pages"):
        assert kind in warnings["core.E104"]
    assert "example reviewer" in warnings["conditions.W002"]
    Condition.objects.update(reviewer=None, reviewed_by=DEMO_REVIEWER)
    Treatment.objects.update(reviewer=None, reviewed_by=DEMO_REVIEWER)
    assert DEMO_REVIEWER in deploy_warnings()["conditions.W002"]
    Condition.objects.update(reviewed_by="Dr. Ana Ruiz, MD")
    Treatment.objects.update(reviewed_by="Dr. Ana Ruiz, MD")
    for model in apps.get_models():
        if issubclass(model, Publishable):
            model.objects.update(is_demo=False)
    assert not {"core.E104", "conditions.W002"} & set(deploy_warnings())


def test_the_deploy_check_warns_about_the_demo_phone_number(settings):
    settings.DEBUG = False
    assert "+1 555 010 0123" in deploy_warnings()["core.W002"]
    settings.CLINIC = {**settings.CLINIC, "PHONE": "+1 217 555 0199"}
    assert "core.W002" not in deploy_warnings()


def test_staff_see_a_banner_while_demo_content_is_published(client, superuser):
    load()
    client.force_login(superuser)
    banner = "Demo content is published"
    assert banner in client.get("/admin/").content.decode()
    Condition.objects.update(is_demo=False)
    assert banner in client.get("/admin/conditions/condition/").content.decode()
    Treatment.objects.update(is_demo=False)
    # The demo clinicians, locations, plans and practice pages are counted too.
    page = client.get("/admin/").content.decode()
    assert banner in page
    assert "(2 locations, 3 clinicians, 6 insurance plans, 3 site pages)" in page
    for model in demo_models():
        model.objects.update(is_demo=False)
    assert banner not in client.get("/admin/").content.decode()


def every_demo_row():
    return {model: model.objects.filter(is_demo=True).count() for model in demo_models()}


def test_remove_demo_content_lists_first_then_removes_every_kind_for_good(superuser):
    load()
    own_condition = ConditionFactory(name="Whiplash", slug="whiplash")
    downtown = Location.objects.get(slug="springfield-downtown")
    request = AppointmentRequestFactory(condition=Condition.objects.get(slug="upper-back-pain"))
    before = every_demo_row()
    assert all(before.values()), before

    out = StringIO()
    call_command("remove_demo_content", "--dry-run", stdout=out)
    assert "Upper Back Pain" in out.getvalue() and "Dr. Maya Okafor" in out.getvalue()
    assert "nothing was" in out.getvalue()
    assert every_demo_row() == before

    call_command("remove_demo_content", stdout=StringIO())
    assert not any(every_demo_row().values())
    # What belongs to a demo row goes with it; the clinic's own pages and requests stay.
    assert not OpeningHours.objects.filter(location_id=downtown.pk).exists()
    assert not SpecialHours.objects.filter(location_id=downtown.pk).exists()
    assert not ConditionFAQ.objects.exists()
    assert list(Condition.objects.all()) == [own_condition]
    request.refresh_from_db()
    assert request.condition is None
    assert request.condition_names["en"] == "Upper Back Pain"  # what the patient asked about
    # `make run` calls the loader every time: the demo never comes back.
    load()
    assert not any(every_demo_row().values())
    assert DemoContentLoad.objects.filter(name=DemoContentLoad.REMOVED).exists()


def test_every_list_of_public_content_filters_demo_rows(client, superuser):
    load()
    client.force_login(superuser)
    for model in demo_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page = client.get(url, {"is_demo__exact": "1"})
        assert page.status_code == 200, url
        assert "By demo content" in page.content.decode(), url
