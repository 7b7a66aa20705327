"""The front desk's work at scale (issue 15): the generated data set, searches by the
input's shape, "select all" across pages, streamed export, and query counts that do not
grow with the number of requests."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appointments.models import AccessLog, AppointmentRequest, RequestNote, StatusChange

from .factories import AppointmentRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = AppointmentRequest.Status
CHANGELIST = "/admin/appointments/appointmentrequest/"


def generate(count, seed=15):
    call_command(
        "generate_scale_data", requests=count, seed=seed, replace=True, stdout=io.StringIO()
    )


def queries_for(action):
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def search(client, term):
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return {r.pk for r in response.context["cl"].result_list}


# The generated data set.


def test_scale_data_is_fictional_proportional_and_reproducible():
    generate(200)
    requests = AppointmentRequest.objects.order_by("pk")
    first_run = list(requests.values_list("full_name", "phone", "email", "status"))
    assert len(first_run) == 200
    assert all(
        "-555-" in phone and email.endswith("@example.com") for _, phone, email, _ in first_run
    )
    assert 200 <= StatusChange.objects.count() <= 400
    assert 20 <= RequestNote.objects.count() <= 60
    assert 400 <= AccessLog.objects.count() <= 500
    oldest = requests.order_by("submitted_at").first().submitted_at
    assert timezone.now() - oldest > timedelta(days=600)
    generate(200)
    assert list(requests.values_list("full_name", "phone", "email", "status")) == first_run


# Search: one indexed lookup picked by the input's shape.


@pytest.fixture
def searchable(db):
    return {
        "phone": AppointmentRequestFactory(full_name="Avery Ashdown", phone="+1 794-555-8182"),
        "email": AppointmentRequestFactory(
            full_name="Blake Birchwell", email="Blake.B@Example.com"
        ),
        "name": AppointmentRequestFactory(full_name="Casey Coldbrook-Dunmore", phone=""),
    }


@pytest.mark.parametrize(
    "typed",
    [
        "(794) 555-8182",
        "794.555.8182",
        "794 555 8182",
        "+1 794-555-8182",
        "1-794-555-8182",
        "794555",
    ],
)
def test_a_phone_number_is_found_however_it_is_typed(client, front_desk_user, searchable, typed):
    client.force_login(front_desk_user)
    assert search(client, typed) == {searchable["phone"].pk}


def test_stored_phone_digits_follow_the_phone(searchable):
    request = searchable["phone"]
    assert request.phone_digits == "17945558182"
    request.phone = "+1 555-010-0199 ext. 12"
    request.save(update_fields=["phone"])
    request.refresh_from_db()
    assert request.phone_digits == "15550100199"


@pytest.mark.parametrize(
    "typed", ["blake.b@example.com", "BLAKE.B@EXAMPLE.COM", " Blake.B@Example.com "]
)
def test_an_email_is_found_in_any_case(client, front_desk_user, searchable, typed):
    client.force_login(front_desk_user)
    assert search(client, typed) == {searchable["email"].pk}


@pytest.mark.parametrize("typed", ["coldbrook", "Casey Cold", "DUNMORE"])
def test_a_name_is_found_by_any_part(client, front_desk_user, searchable, typed):
    client.force_login(front_desk_user)
    assert search(client, typed) == {searchable["name"].pk}


@pytest.mark.parametrize("typed", ["٧٩٤٥٥٥٨١٨٢", "79", "nobody@example.com", "%", "' OR 1=1 --"])
def test_other_input_finds_nothing_and_breaks_nothing(client, front_desk_user, searchable, typed):
    client.force_login(front_desk_user)
    assert search(client, typed) == set()


# Bulk actions: "select all" across pages, in a fixed number of queries.


def test_select_all_across_pages_marks_every_matching_request(client, front_desk_user):
    requests = AppointmentRequestFactory.create_batch(60)  # more than one page of 50
    AppointmentRequestFactory(status=Status.CLOSED)
    client.force_login(front_desk_user)
    response = client.post(
        f"{CHANGELIST}?status__exact=new",
        {
            "action": "mark_contacted",
            "select_across": "1",
            "index": "0",
            "_selected_action": [requests[0].pk],
        },
    )
    assert response.status_code == 302
    assert AppointmentRequest.objects.filter(status=Status.CONTACTED).count() == 60
    assert StatusChange.objects.filter(to_status=Status.CONTACTED).count() == 60
    logged = AccessLog.objects.filter(action=AccessLog.Action.CHANGE).values_list(
        "request_id", flat=True
    )
    assert set(logged) == {r.pk for r in requests}


def mark_all(client, count):
    AppointmentRequest.objects.all().delete()
    requests = AppointmentRequestFactory.create_batch(count)
    return lambda: client.post(
        CHANGELIST, {"action": "mark_closed", "_selected_action": [r.pk for r in requests]}
    )


def test_a_bulk_action_runs_the_same_queries_for_5_or_50_requests(client, front_desk_user):
    client.force_login(front_desk_user)
    assert queries_for(mark_all(client, 5)) == queries_for(mark_all(client, 50))


# Export: streamed, logged a chunk at a time, same queries at any size.


def export_all(client, count):
    AppointmentRequest.objects.all().delete()
    AppointmentRequestFactory.create_batch(count)
    return lambda: client.post(
        CHANGELIST,
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": ["1"]},
    ).getvalue()


def test_export_streams_every_request_and_logs_each_chunk(client, superuser, monkeypatch):
    monkeypatch.setattr("appointments.exports.BATCH_SIZE", 2)
    AppointmentRequestFactory.create_batch(5, message="=HYPERLINK(1)")
    client.force_login(superuser)
    response = client.post(
        CHANGELIST,
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": ["1"]},
    )
    assert isinstance(response, StreamingHttpResponse)
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert len(rows) == 6
    assert {row[12] for row in rows[1:]} == {"'=HYPERLINK(1)"}
    exported = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert sorted(exported.values_list("request_id", flat=True)) == sorted(
        AppointmentRequest.objects.values_list("pk", flat=True)
    )


def test_export_runs_the_same_queries_for_5_or_50_requests(client, superuser, monkeypatch):
    monkeypatch.setattr("appointments.exports.BATCH_SIZE", 100)
    client.force_login(superuser)
    assert queries_for(export_all(client, 5)) == queries_for(export_all(client, 50))


# The list and the detail page: query counts that do not grow with the data.


def test_the_list_runs_the_same_queries_for_5_or_50_requests(client, front_desk_user):
    client.force_login(front_desk_user)
    AppointmentRequestFactory.create_batch(5, assigned_to=front_desk_user)
    client.get(CHANGELIST)  # the clinic's identity is read once, then kept in the cache
    few = queries_for(lambda: client.get(CHANGELIST))
    AppointmentRequestFactory.create_batch(45, assigned_to=UserFactory())
    assert queries_for(lambda: client.get(CHANGELIST)) == few
    for term in ("(555) 010", "patient1@example.com", "Patient 1"):
        assert queries_for(lambda term=term: client.get(CHANGELIST, {"q": term})) <= few


def test_the_list_counts_only_the_filtered_requests(client, front_desk_user):
    AppointmentRequestFactory.create_batch(3)
    client.force_login(front_desk_user)
    with CaptureQueriesContext(connection) as queries:
        client.get(CHANGELIST)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert not any(
        "DISTINCT" in q["sql"] for q in queries
    )  # no date drill-down, no used-only filters


def detail_with_history(client, user, count):
    request = AppointmentRequestFactory()
    StatusChange.objects.bulk_create(
        StatusChange(
            appointment_request=request,
            changed_by=UserFactory(),
            from_status="new",
            to_status="contacted",
        )
        for _ in range(count)
    )
    RequestNote.objects.bulk_create(
        RequestNote(appointment_request=request, author=UserFactory(), text="Called.")
        for _ in range(count)
    )
    return lambda: client.get(f"{CHANGELIST}{request.pk}/change/")


def test_the_detail_page_runs_the_same_queries_for_2_or_20_history_rows(client, front_desk_user):
    client.force_login(front_desk_user)
    few, many = (detail_with_history(client, front_desk_user, n) for n in (2, 20))
    few()  # the first page of a session also caches its content types
    assert queries_for(few) == queries_for(many)


# The access log: the recent part by default.


def test_the_access_log_shows_the_last_30_days_unless_asked(client, superuser):
    old = AccessLog.objects.create(action=AccessLog.Action.VIEW, request_id=1, username="old")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    recent = AccessLog.objects.create(action=AccessLog.Action.VIEW, request_id=2, username="recent")
    client.force_login(superuser)
    url = "/admin/appointments/accesslog/"
    shown = {entry.pk for entry in client.get(url).context["cl"].result_list}
    assert shown == {recent.pk}
    shown = {entry.pk for entry in client.get(url, {"period": "all"}).context["cl"].result_list}
    assert shown == {old.pk, recent.pk}


def test_names_and_phone_digits_have_trigram_indexes_on_postgresql_only():
    table = AppointmentRequest._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for column in ("name_folded", "phone_digits"):
        assert (f"{table}_{column}_trgm" in constraints) == (connection.vendor == "postgresql")
