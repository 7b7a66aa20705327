"""A request keeps what the patient asked about (issue 24, item 11): the condition's name
in each site language is stored when the request is made, so deleting the condition (the
link is SET_NULL) leaves the admin list, the request's page and the CSV export saying it."""

import csv
import io

import pytest
from django.db import connection
from django.utils import translation

from appointments.models import AppointmentRequest, kept_condition_names

from .factories import AppointmentRequestFactory, ConditionFactory, form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/appointments/appointmentrequest/"


@pytest.fixture
def sciatica(db):
    condition = ConditionFactory(name="Sciatica", slug="sciatica", is_featured=True)
    condition.name_es = "Ciática"
    condition.save()
    return condition


@pytest.mark.parametrize("path", ["/appointments/", "/es/appointments/"])
def test_the_request_stores_the_name_in_every_language(client, sciatica, path):
    response = client.post(path, form_data(condition="sciatica", message="Leg pain.\r\nAt night."))
    assert response.status_code == 302
    request = AppointmentRequest.objects.get()
    assert request.condition == sciatica
    assert request.condition_names == {"en": "Sciatica", "es": "Ciática"}


def test_a_deleted_condition_is_still_named_everywhere_staff_look(client, superuser, sciatica):
    client.post("/appointments/", form_data(condition="sciatica"))
    request = AppointmentRequest.objects.get()
    client.force_login(superuser)
    # Deleted as an editor deletes it: the admin's confirmation form.
    response = client.post(f"/admin/conditions/condition/{sciatica.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.condition is None  # the link is SET_NULL: the request stays

    listing = client.get(CHANGELIST)
    assert '<td class="field-condition_of_interest">Sciatica</td>' in listing.content.decode()
    detail = client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert '<div class="readonly">Sciatica</div>' in detail
    exported = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [request.pk]})
    (row,) = csv.DictReader(io.StringIO(exported.getvalue().decode()))
    assert row["Condition of interest"] == "Sciatica"
    with translation.override("es"):
        assert request.condition_name == "Ciática"


def test_a_name_not_written_in_a_language_is_the_default_languages(settings):
    # A third site language, with no column of its own yet.
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    condition = ConditionFactory(name="Neck Pain")
    request = AppointmentRequestFactory(condition=condition)
    assert request.condition_names == {"en": "Neck Pain", "es": "Neck Pain", "fr": "Neck Pain"}
    with translation.override("fr"):
        assert request.condition_name == "Neck Pain"
    assert kept_condition_names(condition) == request.condition_names


def test_a_request_without_a_condition_keeps_no_name(client):
    request = AppointmentRequestFactory()
    assert (request.condition_names, request.condition_name) == ({}, "")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_stored_requests_their_conditions_names():
    from django.db.migrations.executor import MigrationExecutor

    before = [("appointments", "0013_search_folded_names_and_digit_trigrams")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    conditions_now = executor.loader.graph.leaf_nodes("conditions")
    apps = executor.loader.project_state([*before, *conditions_now]).apps
    condition = apps.get_model("conditions", "Condition").objects.create(
        name="Sciatica",
        name_en="Sciatica",
        name_es="Ciática",
        slug="sciatica",
        body_region="nerves",
    )
    old = apps.get_model("appointments", "AppointmentRequest")
    named = old.objects.create(
        condition=condition,
        full_name="A",
        patient_status="new",
        consent_receipt="test",
        resubmission_key="1",
    )
    unnamed = old.objects.create(
        full_name="B", patient_status="new", consent_receipt="test", resubmission_key="2"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert AppointmentRequest.objects.get(pk=named.pk).condition_names == {
        "en": "Sciatica",
        "es": "Ciática",
    }
    assert AppointmentRequest.objects.get(pk=unnamed.pk).condition_names == {}
