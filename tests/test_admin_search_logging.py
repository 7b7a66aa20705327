"""Every way staff can find a request by a patient's details is in the access log; the
admin's autocomplete, which would find requests with no record, is refused and the
attempt logged (issue 13, finding 7)."""

import pytest

from appointments.models import AccessLog

from .factories import AppointmentRequestFactory, ConditionFactory

pytestmark = pytest.mark.django_db

# Every field that points to a request, so Django's autocomplete would search requests.
FIELDS_TO_REQUESTS = [
    ("appointments", "appointmentrequest", "possible_duplicate_of"),
    ("appointments", "statuschange", "appointment_request"),
    ("appointments", "requestnote", "appointment_request"),
]


@pytest.fixture
def patient_request(db):
    return AppointmentRequestFactory(
        full_name="Zelda Quinn", email="zelda@example.com", phone="+1 555-010-7777"
    )


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), FIELDS_TO_REQUESTS)
@pytest.mark.parametrize("term", ["Zelda", "zelda@example.com", "7777", ""])
@pytest.mark.parametrize("user", ["superuser", "front_desk_user"])
def test_autocomplete_over_requests_is_refused_and_logged(
    client, request, patient_request, app_label, model_name, field_name, term, user
):
    staff = request.getfixturevalue(user)
    client.force_login(staff)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 403
    assert b'"results"' not in response.content
    entry = AccessLog.objects.get()
    assert (entry.username, entry.action, entry.request_id) == (
        staff.username,
        AccessLog.Action.REFUSED,
        None,
    )
    assert entry.detail == "autocomplete search"


def test_autocomplete_still_serves_other_models(client, superuser):
    condition = ConditionFactory(name="Sciatica")
    client.force_login(superuser)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "appointments",
            "model_name": "appointmentrequest",
            "field_name": "condition",
            "term": "Scia",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(condition.pk), "text": "Sciatica"}]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("term", ["Zelda", "zelda@example.com", "555-010-7777"])
def test_a_search_of_the_request_list_is_logged_without_the_term(
    client, front_desk_user, patient_request, term
):
    AppointmentRequestFactory(full_name="Someone Else")
    client.force_login(front_desk_user)
    response = client.get("/admin/appointments/appointmentrequest/", {"q": term})
    assert response.status_code == 200
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.LIST
    assert entry.detail == f"searched; shown: {patient_request.pk}"
