"""The front desk finds a request by what staff type (issue 24, item 8): any 4 or more
digits in a row of its phone number, however punctuated, and any part of its name
without capitals or accents, however either side was written."""

import pytest
from django.db import connection

from appointments.models import AccessLog, AppointmentRequest, folded

from .factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/appointments/appointmentrequest/"


def search(client, term):
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return {r.pk for r in response.context["cl"].result_list}


@pytest.fixture
def requests(db):
    return {
        "lopez": AppointmentRequestFactory(full_name="María López", phone="+1 217-555-0142"),
        # The same accents as combining marks (decomposed, as some keyboards send them).
        "nunez": AppointmentRequestFactory(full_name="Jose\u0301 Nu\u0303n\u0303ez", phone=""),
        "strauss": AppointmentRequestFactory(full_name="Greta Strauß", phone="+44 20 7946 0958"),
        "obrien": AppointmentRequestFactory(
            full_name="Sean  O\u2019Brien-Walsh", phone="+1 217-555-9999 ext. 0142"
        ),
    }


@pytest.mark.parametrize(
    "typed",
    [
        "0142",
        "555 0142",
        "555-0142",
        "5550142",
        "(217) 555-0142",
        "217.555.0142",
        "+1 217 555 0142",
        "1-217-555-0142",
        "5501",
        "\uff10\uff11\uff14\uff12",  # fullwidth digits, as a Japanese keyboard types them
        " 0142 ",
    ],
)
def test_any_four_digits_of_a_phone_number_find_it(client, front_desk_user, requests, typed):
    client.force_login(front_desk_user)
    # Not the other number whose extension is 0142: extensions are not dialled digits.
    assert search(client, typed) == {requests["lopez"].pk}


@pytest.mark.parametrize(("typed", "found"), [("7946 0958", "strauss"), ("2079", "strauss")])
def test_international_numbers_are_found_by_their_digits_too(
    client, front_desk_user, requests, typed, found
):
    client.force_login(front_desk_user)
    assert search(client, typed) == {requests[found].pk}


@pytest.mark.parametrize("typed", ["014", "55", "217-555-0143"])
def test_fewer_digits_or_another_number_find_nothing(client, front_desk_user, requests, typed):
    client.force_login(front_desk_user)
    assert search(client, typed) == set()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("lopez", "lopez"),
        ("LOPEZ", "lopez"),
        ("López", "lopez"),
        ("LÓPEZ", "lopez"),
        ("lo\u0301pez", "lopez"),  # decomposed
        ("\uff2c\uff2f\uff30\uff25\uff3a", "lopez"),  # fullwidth
        ("  maria   lopez ", "lopez"),
        ("MARÍA LÓPEZ", "lopez"),
        ("jose nunez", "nunez"),
        ("José Núñez", "nunez"),  # composed, against a decomposed stored name
        ("STRAUSS", "strauss"),
        ("strauß", "strauss"),
        ("o'brien", "obrien"),
        ("O\u2019Brien", "obrien"),
        ("obrien walsh", "obrien"),
        ("Sean O'Brien-Walsh", "obrien"),
        ("sean o\u00adbrien", "obrien"),  # a soft hyphen pasted from a document
    ],
)
def test_names_match_without_case_or_accents(client, front_desk_user, requests, typed, found):
    client.force_login(front_desk_user)
    assert search(client, typed) == {requests[found].pk}


@pytest.mark.parametrize(
    "typed", ["'", "\u0301", "%", "_", "lopezz", "' OR 1=1 --", "nobody\x00", "z@example.com\x00"]
)
def test_other_names_find_nothing(client, front_desk_user, requests, typed):
    client.force_login(front_desk_user)
    assert search(client, typed) == set()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("María López", "maria lopez"),
        ("MARI\u0301A LO\u0301PEZ", "maria lopez"),
        ("\uff2d\uff21\uff32\uff29\uff21", "maria"),
        ("Strauß", "strauss"),
        ("ǅorđe", "dzorđe"),  # a letter with a stroke is a letter of its own, not an accent
        ("İlkay", "ilkay"),
        ("Ǆ\u200bem", "dzem"),  # zero-width space
        ("\tAnne-Marie  \u00a0Smith\n", "anne marie smith"),
        ("D\u2019Angelo", "dangelo"),
        ("ﬁnley", "finley"),  # a ligature
    ],
)
def test_the_fold(name, expected):
    assert folded(name) == expected


def test_the_folded_name_follows_the_name():
    request = AppointmentRequestFactory(full_name="Ana Peña")
    assert request.name_folded == "ana pena"
    request.full_name = "Ana Muñoz"
    request.save(update_fields=["full_name"])
    request.refresh_from_db()
    assert request.name_folded == "ana munoz"


@pytest.mark.parametrize("typed", ["0142", "lopez"])
def test_the_search_is_logged_without_the_term(client, front_desk_user, requests, typed):
    client.force_login(front_desk_user)
    search(client, typed)
    entry = AccessLog.objects.get()
    assert (entry.action, entry.detail) == (
        AccessLog.Action.LIST,
        f"searched; shown: {requests['lopez'].pk}",
    )


def test_the_searches_use_trigram_indexes_on_postgresql_and_scan_elsewhere():
    from appointments.admin import AppointmentRequestAdmin

    model_admin = AppointmentRequestAdmin(AppointmentRequest, None)
    table = AppointmentRequest._meta.db_table
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for typed, column in (("555 0142", "phone_digits"), ("López", "name_folded")):
            queryset, _ = model_admin.get_search_results(
                None, AppointmentRequest.objects.all(), typed
            )
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}" if postgresql else f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            expected = f"{table}_{column}_trgm" if postgresql else f"SCAN {table}"
            assert expected in plan, plan


@pytest.mark.django_db(transaction=True)
def test_the_migration_folds_the_names_already_stored():
    from django.db.migrations.executor import MigrationExecutor

    before = [("appointments", "0012_csv_exports")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("appointments", "AppointmentRequest")
    stored = old.objects.create(
        full_name="Zoë Ñandú", patient_status="new", consent_receipt="test", resubmission_key="k"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert AppointmentRequest.objects.get(pk=stored.pk).name_folded == "zoe nandu"
