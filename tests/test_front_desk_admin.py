"""The front desk's work in the admin, and the access log (issue 4)."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from appointments.admin import request_workers
from appointments.models import AccessLog, AppointmentRequest, RequestNote, StatusChange

from .factories import AppointmentRequestFactory, ConditionFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = AppointmentRequest.Status
CHANGELIST = "/admin/appointments/appointmentrequest/"


def change_url(request):
    return f"{CHANGELIST}{request.pk}/change/"


def change_post(request, **changes):
    data = {
        "status": request.status,
        "assigned_to": request.assigned_to_id or "",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-0-text": "",
    }
    data.update(changes)
    return data


def grant_export(user):
    user.user_permissions.add(Permission.objects.get(codename="export_appointmentrequest"))


def test_front_desk_group_sees_requests_and_nothing_of_the_content():
    codenames = set(
        Group.objects.get(name="Front desk").permissions.values_list("codename", flat=True)
    )
    assert codenames == {
        "view_appointmentrequest",
        "change_appointmentrequest",
        "view_notification",
        "view_healthdatarequest",
        "change_healthdatarequest",
    }


def test_the_list_shows_what_the_front_desk_needs(client, front_desk_user):
    condition = ConditionFactory(name="Sciatica")
    AppointmentRequestFactory(
        full_name="Jordan Lee", condition=condition, assigned_to=front_desk_user
    )
    client.force_login(front_desk_user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Jordan Lee",
        "Phone call: +1 555-010-",
        "Sciatica",
        "New",
        "frontdesk",
        "Waiting",
    ):
        assert text in html, text
    for url in (
        f"{CHANGELIST}?status__exact=new",
        f"{CHANGELIST}?condition__id__exact={condition.pk}",
        f"{CHANGELIST}?assigned_to__id__exact={front_desk_user.pk}",
        f"{CHANGELIST}?submitted_at__gte={timezone.localdate().isoformat()}+00:00:00%2B00:00",
        f"{CHANGELIST}?q=jordan",
        f"{CHANGELIST}?q=555-010",
        f"{CHANGELIST}?possible_duplicate=yes",
    ):
        assert client.get(url).status_code == 200, url
    [found] = client.get(f"{CHANGELIST}?q=jordan").context["cl"].result_list
    assert found.full_name == "Jordan Lee"


def test_the_front_desk_cannot_reach_content_or_add_requests(client, front_desk_user):
    client.force_login(front_desk_user)
    assert client.get("/admin/conditions/condition/").status_code == 403
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    html = client.get("/admin/").content.decode()
    assert "Conditions and treatments" not in html


def test_marking_contacted_with_a_note_keeps_a_history(client, front_desk_user):
    request = AppointmentRequestFactory()
    client.force_login(front_desk_user)
    response = client.post(
        change_url(request),
        change_post(request, status=Status.CONTACTED, **{"notes-0-text": "Left a voicemail."}),
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CONTACTED
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.NEW,
        Status.CONTACTED,
        front_desk_user,
    )
    note = RequestNote.objects.get()
    assert (note.text, note.author) == ("Left a voicemail.", front_desk_user)
    html = client.get(change_url(request)).content.decode()
    assert "Left a voicemail." in html


def test_submitted_fields_are_read_only(client, front_desk_user):
    request = AppointmentRequestFactory(full_name="Original Name")
    client.force_login(front_desk_user)
    client.post(change_url(request), change_post(request, full_name="Changed", phone="000"))
    request.refresh_from_db()
    assert request.full_name == "Original Name"


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_contacted", Status.CONTACTED),
        ("mark_scheduled", Status.SCHEDULED),
        ("mark_closed", Status.CLOSED),
        ("mark_spam", Status.SPAM),
    ],
)
def test_bulk_actions_change_status_and_record_history(client, front_desk_user, action, status):
    requests = AppointmentRequestFactory.create_batch(3)
    client.force_login(front_desk_user)
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [r.pk for r in requests]}
    )
    assert response.status_code == 302
    assert set(AppointmentRequest.objects.values_list("status", flat=True)) == {status}
    assert StatusChange.objects.filter(to_status=status, changed_by=front_desk_user).count() == 3


def test_csv_export_needs_its_own_permission(client, front_desk_user):
    request = AppointmentRequestFactory()
    client.force_login(front_desk_user)
    html = client.get(CHANGELIST).content.decode()
    assert "export_csv" not in html
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [request.pk]})
    assert response.get("Content-Type", "").startswith("text/html")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
    grant_export(front_desk_user)
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [request.pk]})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:4] == ["Request", "Submitted at", "Request type", "Full name"]
    assert rows[1][3] == request.full_name
    assert (rows[0][-1], rows[1][-1]) == ("Language", "English")


def test_csv_cells_cannot_become_spreadsheet_formulas(client, superuser):
    AppointmentRequestFactory(
        full_name='=HYPERLINK("http://evil.example","x")',
        phone="+1 555-010-0123",
        message="@SUM(1+1)",
    )
    client.force_login(superuser)
    ids = list(AppointmentRequest.objects.values_list("pk", flat=True))
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": ids})
    row = list(csv.reader(io.StringIO(response.getvalue().decode())))[1]
    assert row[3] == '\'=HYPERLINK("http://evil.example","x")'
    assert row[4] == "(555) 010-0123"  # a US number has no "+" (issue 24.9)
    assert row[12] == "'@SUM(1+1)"


def test_admin_index_shows_how_many_requests_are_new(client, front_desk_user):
    AppointmentRequestFactory.create_batch(3)
    AppointmentRequestFactory(status=Status.CONTACTED)
    client.force_login(front_desk_user)
    response = client.get("/admin/")
    assert response.context["new_request_count"] == 3
    assert "New appointment requests" in response.content.decode()
    assert "conditions_needing_review" not in response.context


def test_every_look_change_export_and_deletion_is_recorded(client, front_desk_user, superuser):
    first, second = AppointmentRequestFactory.create_batch(2)
    client.force_login(front_desk_user)
    client.get(CHANGELIST)
    client.get(change_url(first))
    client.post(change_url(first), change_post(first, status=Status.SCHEDULED))
    grant_export(front_desk_user)
    export = {"action": "export_csv", "_selected_action": [first.pk, second.pk]}
    client.post(CHANGELIST, export).getvalue()  # the log is written as the rows are sent
    client.force_login(superuser)
    client.post(f"{CHANGELIST}{second.pk}/delete/", {"post": "yes"})
    log = [
        (entry.username, entry.action, entry.request_id)
        for entry in AccessLog.objects.order_by("pk")
    ]
    assert log[0] == ("frontdesk", AccessLog.Action.LIST, None)
    assert ("frontdesk", AccessLog.Action.VIEW, first.pk) in log
    assert ("frontdesk", AccessLog.Action.CHANGE, first.pk) in log
    assert ("frontdesk", AccessLog.Action.EXPORT, first.pk) in log
    assert ("frontdesk", AccessLog.Action.EXPORT, second.pk) in log
    assert ("admin", AccessLog.Action.DELETE, second.pk) in log
    listed = AccessLog.objects.filter(action=AccessLog.Action.LIST).first()
    assert str(first.pk) in listed.detail and str(second.pk) in listed.detail
    # The log holds no personal details.
    everything = " ".join(AccessLog.objects.values_list("detail", flat=True))
    assert first.full_name not in everything and first.phone not in everything


def test_the_access_log_is_for_superusers_only(client, front_desk_user, superuser):
    AccessLog.objects.create(username="someone", action=AccessLog.Action.VIEW, request_id=1)
    client.force_login(front_desk_user)
    assert client.get("/admin/appointments/accesslog/").status_code == 403
    client.force_login(superuser)
    response = client.get("/admin/appointments/accesslog/")
    assert response.status_code == 200
    assert "someone" in response.content.decode()
    assert client.get("/admin/appointments/accesslog/add/").status_code == 403


def test_the_admin_history_keeps_no_patient_name(client, front_desk_user):
    from django.contrib.admin.models import LogEntry

    request = AppointmentRequestFactory(full_name="Private Person")
    client.force_login(front_desk_user)
    client.post(change_url(request), change_post(request, status=Status.CONTACTED))
    assert LogEntry.objects.exists()
    assert not LogEntry.objects.filter(object_repr__contains="Private").exists()


def test_a_possible_duplicate_links_to_the_earlier_request(client, front_desk_user):
    earlier = AppointmentRequestFactory(submitted_at=timezone.now() - timedelta(days=2))
    later = AppointmentRequestFactory(possible_duplicate_of=earlier)
    client.force_login(front_desk_user)
    html = client.get(change_url(later)).content.decode()
    assert f'<a href="../../{earlier.pk}/change/">Request #{earlier.pk}</a>' in html


def test_requests_are_assigned_only_to_active_staff_who_work_on_them(db):
    front_desk = UserFactory(username="desk", groups=["Front desk"])
    direct = UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="change_appointmentrequest"))
    UserFactory(username="editor", groups=["Content editors"])
    UserFactory(username="boss", is_superuser=True)
    UserFactory(username="gone", groups=["Front desk"], is_active=False)
    UserFactory(username="notstaff", groups=["Front desk"], is_staff=False)
    assert list(request_workers()) == [front_desk, direct]
