"""The CSV export is what the front desk reads in the admin (issue 24, item 9): the admin's
column names and choice labels, the preferred location, days and times by name, and US
phone numbers as they are dialled, whether the export streams or the worker writes it."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from appointments.exports import export_path
from appointments.models import AppointmentRequest, Export

from .factories import AppointmentRequestFactory, ConditionFactory, LocationFactory, UserFactory

CHANGELIST = "/admin/appointments/appointmentrequest/"
HEADERS = [
    "Request",
    "Submitted at",
    "Request type",
    "Full name",
    "Phone",
    "Email",
    "Preferred contact method",
    "Preferred days",
    "Preferred times",
    "Patient status",
    "Condition of interest",
    "Preferred location",
    "Message",
    "Status",
    "Assigned to",
    "Language",
]


@pytest.fixture(params=["streamed", "background"])
def export_rows(request, settings, tmp_path, run_worker):
    """How the export of every request is made: streamed by the admin, or (above the
    inline limit) written by the background worker."""
    settings.EXPORT_ROOT = tmp_path / "exports"
    if request.param == "background":
        settings.APPOINTMENTS = {**settings.APPOINTMENTS, "EXPORT_INLINE_MAX": 0}

    def rows(client):
        ids = [str(pk) for pk in AppointmentRequest.objects.values_list("pk", flat=True)]
        # What the admin's action form posts.
        response = client.post(
            CHANGELIST,
            {"action": "export_csv", "select_across": "0", "index": "0", "_selected_action": ids},
        )
        if request.param == "streamed":
            content = response.getvalue().decode()
        else:
            assert response.status_code == 302
            run_worker()
            content = export_path(Export.objects.get().pk).read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(content)))

    return rows


def exporter():
    user = UserFactory(username="exporter")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_appointmentrequest", "export_appointmentrequest"]
        )
    )
    return user


def test_the_export_reads_as_the_admin_does(client, export_rows):
    AppointmentRequestFactory(
        request_type=AppointmentRequest.RequestType.QUESTION,
        full_name="María López",
        phone="+1 217-555-0142 ext. 12",
        preferred_contact=AppointmentRequest.ContactMethod.EMAIL,
        preferred_days=["tuesday", "thursday"],
        preferred_times=["morning", "afternoon"],
        patient_status=AppointmentRequest.PatientStatus.EXISTING,
        condition=ConditionFactory(name="Sciatica"),
        preferred_location=LocationFactory(name="Springfield Downtown"),
        language="es",
    )
    AppointmentRequestFactory(phone="+442079460958", preferred_days=[], preferred_times=[])
    client.force_login(exporter())
    first, second = export_rows(client)
    assert list(first) == HEADERS
    assert {name: first[name] for name in HEADERS[2:12]} | {"Language": first["Language"]} == {
        "Request type": "A general question",
        "Full name": "María López",
        "Phone": "(217) 555-0142 ext. 12",
        "Email": first["Email"],
        "Preferred contact method": "Email",
        "Preferred days": "Tuesday, Thursday",
        "Preferred times": "Morning, Afternoon",
        "Patient status": "I have been to the clinic before",
        "Condition of interest": "Sciatica",
        "Preferred location": "Springfield Downtown",
        "Language": "Español",
    }
    # Other numbers keep the guard that stops a spreadsheet reading "+44..." as a formula.
    assert second["Phone"] == "'+442079460958"
    assert (second["Preferred days"], second["Preferred times"]) == ("Any", "Any")
    assert (second["Condition of interest"], second["Preferred location"]) == ("", "")
