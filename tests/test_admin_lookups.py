"""Every response that shows a patient's details is in the access log, and the lists of
patients' data filter only by the filters they offer (issue 26.6): a change form sent
back with an error showed the request unlogged, and lookups in the query string found
patients by their health concern, logged as a mere "list shown"."""

from urllib.parse import urlencode

import pytest

from appointments.models import AccessLog, AppointmentRequest, Export, Notification

from .factories import AppointmentRequestFactory
from .http_helpers import FormFields

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/appointments/appointmentrequest/"


@pytest.fixture
def patient(db):
    return AppointmentRequestFactory(
        full_name="Alma Quintero",
        email="alma.q@example.com",
        phone="+1 555-010-4242",
        message="My left knee hurts when I climb stairs.",
    )


def form_on(page):
    parser = FormFields()
    parser.feed(page)
    return parser.fields


def test_a_change_form_sent_back_with_an_error_is_logged_as_a_view(
    client, front_desk_user, patient
):
    client.force_login(front_desk_user)
    fields = form_on(client.get(f"{CHANGELIST}{patient.pk}/change/").content.decode())
    AccessLog.objects.all().delete()
    # As Chromium sends it: the real form's fields, a note typed on two lines.
    fields.update({"status": "bogus", "notes-0-text": "Called twice.\r\nNo answer."})
    response = client.post(f"{CHANGELIST}{patient.pk}/change/", fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page and "Alma Quintero" in page
    entry = AccessLog.objects.get()
    assert (entry.username, entry.action, entry.request_id) == (
        "frontdesk",
        AccessLog.Action.VIEW,
        patient.pk,
    )
    patient.refresh_from_db()
    assert patient.status == AppointmentRequest.Status.NEW


@pytest.mark.parametrize("written", ["0{}", "{}%20", "{}_"])
def test_a_request_shown_under_another_spelling_of_its_number_is_logged(
    client, front_desk_user, patient, written
):
    client.force_login(front_desk_user)
    response = client.get(f"{CHANGELIST}{written.format(patient.pk)}/change/")
    shown = response.status_code == 200 and "Alma Quintero" in response.content.decode()
    views = list(AccessLog.objects.filter(action=AccessLog.Action.VIEW))
    assert [entry.request_id for entry in views] == ([patient.pk] if shown else [])


# Lookups the page does not offer, by field: the patient's own words, the search's fields
# by other lookups, other fields, related rows, and offered fields by other lookups.
NOT_OFFERED = [
    {"message__icontains": "knee"},
    {"message": "My left knee hurts when I climb stairs."},
    {"message__regex": "kn.e"},
    {"email__iexact": "ALMA.Q@example.com"},
    {"email__endswith": "example.com"},
    {"full_name__regex": "^Al"},
    {"full_name__in": "Alma Quintero,Bo"},
    {"full_name": "Alma Quintero"},
    {"phone__contains": "4242"},
    {"phone_digits__endswith": "4242"},
    {"source_page__icontains": "knee"},
    {"consent_receipt__startswith": "v2025"},
    {"resubmission_key__startswith": "3f9"},
    {"preferred_days__contains": "monday"},
    {"pk__in": "1,2,3"},
    {"id": "1"},
    {"status__in": "new,contacted"},
    {"status__iregex": "n.w"},
    {"submitted_at__year": "2026"},
    {"condition__name__icontains": "knee"},
    {"possible_duplicate_of__message__icontains": "knee"},
    {"possible_duplicate_of__full_name__regex": "^Al"},
    {"notes__text__icontains": "called"},
    {"status_changes__changed_by__username": "frontdesk"},
    {"notifications__kind": "acknowledgement"},
    {"assigned_to__username__startswith": "front"},
    {"q": "Alma", "message__icontains": "knee"},
    {"status__exact": "new", "email__iexact": "alma.q@example.com"},
]


@pytest.mark.parametrize("query", NOT_OFFERED, ids=lambda query: "&".join(query))
def test_the_request_list_refuses_lookups_it_does_not_offer_and_logs_the_attempt(
    client, front_desk_user, patient, query
):
    client.force_login(front_desk_user)
    response = client.get(f"{CHANGELIST}?{urlencode(query)}")
    assert response.status_code == 400
    assert "Alma" not in response.content.decode()
    entry = AccessLog.objects.get()
    assert (entry.username, entry.action, entry.request_id) == (
        "frontdesk",
        AccessLog.Action.REFUSED,
        None,
    )
    assert entry.detail.startswith("appointment request list filtered by a lookup not offered")
    # The field's name, never the value looked for.
    for value in query.values():
        assert value not in entry.detail


def test_an_export_of_a_list_filtered_by_a_lookup_not_offered_is_refused(
    client, superuser, patient
):
    client.force_login(superuser)
    response = client.post(
        f"{CHANGELIST}?message__icontains=knee",
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": ["1"]},
    )
    assert response.status_code == 400
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/admin/appointments/accesslog/", {"request_id": "{pk}"}),
        ("/admin/appointments/accesslog/", {"detail__icontains": "shown"}),
        ("/admin/appointments/notification/", {"appointment_request": "{pk}"}),
        ("/admin/appointments/notification/", {"appointment_request__message__icontains": "knee"}),
        ("/admin/appointments/notification/", {"last_error__icontains": "SMTP"}),
        ("/admin/appointments/export/", {"request_ids__contains": "{pk}"}),
        ("/admin/appointments/export/", {"requested_by__username": "admin"}),
    ],
)
def test_every_list_about_patients_refuses_lookups_it_does_not_offer(
    client, superuser, patient, url, query
):
    Notification.objects.create(appointment_request=patient, kind=Notification.Kind.FRONT_DESK)
    Export.objects.create(requested_by=superuser, request_ids=[patient.pk])
    AccessLog.objects.create(action=AccessLog.Action.VIEW, request_id=patient.pk)
    client.force_login(superuser)
    query = {key: value.format(pk=patient.pk) for key, value in query.items()}
    assert client.get(f"{url}?{urlencode(query)}").status_code == 400
    assert AccessLog.objects.filter(action=AccessLog.Action.REFUSED).count() == 1
    # The filters these lists offer still work.
    offered = {
        "/admin/appointments/accesslog/": "?period=all&action__exact=view",
        "/admin/appointments/notification/": "?status__exact=pending&kind__exact=front_desk",
        "/admin/appointments/export/": "?status__exact=pending",
    }
    assert client.get(url + offered[url]).status_code == 200
