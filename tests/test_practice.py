"""The practice's people and places: clinicians, locations and hours, insurance, practice
pages, and how condition pages and the request form use them (issue 16)."""

import importlib
import json
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from appointments.models import AppointmentRequest
from conditions.models import Condition, Treatment
from core import pagecache
from practice.models import Clinician, Location, OpeningHours, SitePage, next_scheduled_change

from .factories import (
    ClinicianFactory,
    ConditionFactory,
    InsurancePlanFactory,
    LocationFactory,
    OpeningHoursFactory,
    SitePageFactory,
    SitePageQuestionFactory,
    SpecialHoursFactory,
    form_data,
)

pytestmark = pytest.mark.django_db


def jsonld_nodes(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])["@graph"]


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


# Models ------------------------------------------------------------------------------


def test_a_week_of_hours_with_a_lunch_break_a_holiday_and_today_marked():
    wednesday = date(2026, 11, 25)
    location = LocationFactory()
    OpeningHoursFactory(location=location, weekday=0, opens=time(9), closes=time(12, 30))
    OpeningHoursFactory(location=location, weekday=0, opens=time(13, 30), closes=time(18))
    OpeningHoursFactory(location=location, weekday=3, opens=time(8), closes=time(17))
    SpecialHoursFactory(location=location, date=date(2026, 11, 26), note="Thanksgiving")
    # A closure in the week before stays out of the list; the Monday of the week is in.
    SpecialHoursFactory(location=location, date=date(2026, 11, 20), note="Last week")
    SpecialHoursFactory(location=location, date=date(2026, 11, 23), note="Inventory")
    location = Location.objects.with_hours(wednesday).get(pk=location.pk)
    assert [day.note for day in location.special_hours.all()] == ["Inventory", "Thanksgiving"]
    week = location.week(wednesday)
    assert [day["name"] for day in week][:2] == ["Monday", "Tuesday"]
    assert week[0]["hours"] == [] and week[0]["note"] == "Inventory"
    assert week[1]["hours"] == []
    assert week[3]["hours"] == [] and week[3]["note"] == "Thanksgiving"
    assert [day["is_today"] for day in week] == [False, False, True, False, False, False, False]


def test_hours_must_close_after_they_open():
    location = LocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(location=location, weekday=1, opens=time(17), closes=time(8))
    special = SpecialHoursFactory.build(location=location, opens=time(9), closes=None)
    with pytest.raises(ValidationError):
        special.full_clean()


def test_clinician_names_initials_and_published_rule():
    clinician = ClinicianFactory(name="Dr. Maya Okafor", credentials="MD")
    assert clinician.initials == "MO"
    assert clinician.full_name == "Dr. Maya Okafor, MD"
    assert ClinicianFactory(name="Jordan", credentials="").initials == "J"
    ClinicianFactory(is_published=False)
    ClinicianFactory(publish_at=timezone.now() + timedelta(days=1))
    assert list(Clinician.objects.published()) == [clinician, Clinician.objects.get(name="Jordan")]


def test_practice_pages_share_the_review_rules_of_condition_pages():
    page = SitePageFactory.build(last_reviewed=timezone.localdate(), reviewer=None)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "reviewer" in error.value.message_dict


# Pages -------------------------------------------------------------------------------


def test_clinicians_page_filters_by_location_and_condition_in_the_path(client):
    downtown, west = LocationFactory(slug="downtown"), LocationFactory(slug="west")
    condition = ConditionFactory(slug="upper-back-pain")
    okafor = ClinicianFactory(name="Dr. Okafor")
    okafor.locations.add(downtown)
    condition.clinicians.add(okafor)
    lee = ClinicianFactory(name="Jordan Lee")
    lee.locations.add(west)
    ClinicianFactory(name="Draft Person", is_published=False).locations.add(west)

    everyone = client.get("/providers/").content.decode()
    assert "Dr. Okafor" in everyone and "Jordan Lee" in everyone
    people = [node["name"] for node in jsonld_nodes(everyone) if node["@type"] == "Person"]
    assert {"Dr. Okafor", "Jordan Lee"} <= set(people)
    assert "Draft Person" not in people
    assert "Draft Person" not in everyone
    at_west = client.get("/providers/at/west/").content.decode()
    assert "Jordan Lee" in at_west and "Dr. Okafor" not in at_west
    assert 'href="/providers/at/west/" aria-current="page"' in at_west
    treating = client.get("/providers/for/upper-back-pain/").content.decode()
    assert "Dr. Okafor" in treating and "Jordan Lee" not in treating
    assert re.search(r"<h1>Clinicians who treat [^<]+</h1>", treating)
    for unknown in ("/providers/at/nowhere/", "/providers/for/nothing/", "/providers/nobody/"):
        assert client.get(unknown).status_code == 404, unknown


def test_a_clinician_page_shows_what_they_treat_where_and_carries_the_condition(client):
    location = LocationFactory(slug="downtown", name="Downtown")
    clinician = ClinicianFactory(
        slug="dr-okafor", bio="Trained in **pain medicine**.", languages="English, French"
    )
    clinician.locations.add(location)
    ConditionFactory(name="Upper Back Pain", slug="upper-back-pain").clinicians.add(clinician)
    ConditionFactory(name="Draft Condition", is_published=False).clinicians.add(clinician)
    html = client.get("/providers/dr-okafor/?condition=upper-back-pain").content.decode()
    assert "<strong>pain medicine</strong>" in html
    assert "English, French" in html
    assert "Upper Back Pain" in html and "Draft Condition" not in html
    assert 'href="/locations/downtown/?condition=upper-back-pain"' in html
    (person,) = [node for node in jsonld_nodes(html) if node["@type"] == "Person"]
    assert person["hasCredential"] == [{"@type": "EducationalOccupationalCredential", "name": "MD"}]
    assert person["knowsLanguage"] == ["English", "French"]
    assert person["workLocation"] == [{"@id": "http://127.0.0.1:8000/locations/downtown/#clinic"}]
    assert person["url"] == "http://127.0.0.1:8000/providers/dr-okafor/"
    # Anything but a published condition's slug is not carried on (issue 25: nor kept).
    for value in ('"><script>', "no-such-condition"):
        response = client.get("/providers/dr-okafor/", {"condition": value}, follow=True)
        assert response.redirect_chain == [("/providers/dr-okafor/", 302)]
        html = response.content.decode()
        assert 'href="/locations/downtown/"' in html
        assert "<script>" not in html.split("</head>")[1]


def test_a_location_page_has_hours_today_closures_directions_and_the_form_link(client):
    location = LocationFactory(slug="downtown", street_address="120 Example Avenue")
    today = timezone.localdate()
    OpeningHoursFactory(location=location, weekday=today.weekday(), opens=time(8), closes=time(17))
    SpecialHoursFactory(location=location, date=today + timedelta(days=8), note="Holiday")
    ClinicianFactory(name="Dr. Here").locations.add(location)
    ConditionFactory(slug="upper-back-pain")
    html = client.get("/locations/downtown/?condition=upper-back-pain").content.decode()
    assert "open 8:00 a.m. to 5:00 p.m." in html
    assert '<li class="today">' in html
    assert "(Holiday)" in html
    assert "Dr. Here" in html
    directions = re.search(r'<a href="(https://www\.google\.com/maps/dir/[^"]+)" ([^>]+)>', html)
    assert "120+Example+Avenue" in directions[1]
    assert directions[2] == 'rel="noopener noreferrer"'
    assert "<iframe" not in html
    assert 'href="/appointments/?location=downtown&amp;condition=upper-back-pain"' in html


def test_a_location_closed_today_says_so(client):
    location = LocationFactory(slug="west")
    SpecialHoursFactory(location=location, date=timezone.localdate(), note="Staff training")
    html = client.get("/locations/west/").content.decode()
    assert re.search(r"Today, \w+:</strong> closed \(Staff training\)</p>", html)


def test_location_json_ld_gives_opening_and_special_hours(client):
    location = LocationFactory(slug="downtown")
    OpeningHoursFactory(location=location, weekday=4, opens=time(8), closes=time(13))
    holiday = SpecialHoursFactory(location=location)
    (clinic,) = [
        node
        for node in jsonld_nodes(client.get("/locations/downtown/").content.decode())
        if node["@type"] == "MedicalClinic"
    ]
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "Friday",
            "opens": "08:00",
            "closes": "13:00",
        }
    ]
    assert clinic["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": holiday.date.isoformat(),
            "validThrough": holiday.date.isoformat(),
            "opens": "00:00",
            "closes": "00:00",
        }
    ]
    assert clinic["address"]["addressLocality"] == "Springfield"
    assert clinic["parentOrganization"] == {"@id": "http://127.0.0.1:8000/#clinic"}


def test_insurance_page_lists_published_plans_and_the_form_links_to_it(client):
    InsurancePlanFactory(name="Example Health HMO", notes="Referral required")
    InsurancePlanFactory(name="Withdrawn Plan", is_published=False)
    html = client.get("/insurance/").content.decode()
    assert "<strong>Example Health HMO</strong>: Referral required" in html
    assert "Withdrawn Plan" not in html
    assert 'href="/insurance/"' in client.get("/appointments/").content.decode()


def test_a_practice_page_with_questions_has_faq_json_ld_and_its_chosen_link(client):
    from django.core.cache import caches

    caches["frame"].clear()
    page = SitePageFactory(name="Patient FAQ", slug="patient-faq", show_in="header")
    SitePageQuestionFactory(page=page, question="Do I need a referral?", answer="*Sometimes.*")
    SitePageFactory(name="Hidden Page", show_in="none")
    html = client.get("/info/patient-faq/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    assert 'href="/info/patient-faq/">Patient FAQ</a>' in nav
    assert "Hidden Page" not in html
    (faq,) = [node for node in jsonld_nodes(html) if node["@type"] == "FAQPage"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Sometimes."
    caches["frame"].clear()


def test_the_sitemap_lists_the_practice_pages(client, demo):
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://127\.0\.0\.1:8000(/sitemap-[\w-]+\.xml)</loc>", index)
    xml = "".join(client.get(section).content.decode() for section in sections)
    for path in (
        "/providers/",
        "/providers/dr-maya-okafor/",
        "/locations/",
        "/locations/springfield-west/",
        "/insurance/",
        "/info/your-first-visit/",
    ):
        assert f"<loc>http://127.0.0.1:8000{path}</loc>" in xml, path


# Condition pages ---------------------------------------------------------------------


def test_a_condition_page_lists_its_published_clinicians_and_links_its_reviewer(client):
    reviewer = ClinicianFactory(name="Dr. Maya Okafor", slug="dr-okafor", credentials="MD")
    condition = ConditionFactory(slug="upper-back-pain", reviewer=reviewer)
    condition.clinicians.add(reviewer, ClinicianFactory(name="Draft Doc", is_published=False))
    html = client.get("/conditions/upper-back-pain/").content.decode()
    assert "Clinicians who treat this condition" in html
    assert 'href="/providers/dr-okafor/?condition=upper-back-pain">Dr. Maya Okafor</a>' in html
    assert "Draft Doc" not in html
    assert 'Medically reviewed by <a href="/providers/dr-okafor/">Dr. Maya Okafor, MD</a>' in html
    (web_page,) = [n for n in jsonld_nodes(html) if n["@type"] == "MedicalWebPage"]
    assert web_page["reviewedBy"]["url"] == "http://127.0.0.1:8000/providers/dr-okafor/"


def test_an_unpublished_or_outside_reviewer_is_named_without_a_link(client):
    draft = ClinicianFactory(name="Dr. Draft", credentials="DO", is_published=False)
    ConditionFactory(slug="one", reviewer=draft)
    ConditionFactory(slug="two", reviewer=None, reviewed_by="Dr. Visiting, MD")
    assert (
        "Medically reviewed by Dr. Draft, DO on" in client.get("/conditions/one/").content.decode()
    )
    html = client.get("/conditions/two/").content.decode()
    assert "Medically reviewed by Dr. Visiting, MD on" in html
    (web_page,) = [n for n in jsonld_nodes(html) if n["@type"] == "MedicalWebPage"]
    assert web_page["reviewedBy"] == {"@type": "Person", "name": "Dr. Visiting, MD"}


# The reviewer migration --------------------------------------------------------------

reviewer_migration = importlib.import_module(
    "conditions.migrations.0004_clinician_reviewer_and_clinicians"
)


def test_the_migration_turns_free_text_reviewers_into_clinicians_and_back():
    existing = ClinicianFactory(name="Dr. Ana Ruiz", credentials="MD", slug="dr-ana-ruiz")
    first = ConditionFactory(reviewer=None, reviewed_by="Dr. Sam Rivera, MD (example reviewer)")
    second = ConditionFactory(reviewer=None, reviewed_by="Dr. Sam Rivera, MD (example reviewer)")
    treatment = Treatment.objects.create(
        name="T", slug="t", summary="s", description="d", reviewed_by="Dr. Ana Ruiz, MD"
    )
    ClinicianFactory(slug="dr-sam-rivera")  # the slug is taken: the new one gets another
    unreviewed = ConditionFactory(reviewer=None, last_reviewed=None)

    reviewer_migration.reviewers_to_clinicians(apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    treatment.refresh_from_db()
    rivera = first.reviewer
    assert (rivera.name, rivera.credentials) == ("Dr. Sam Rivera", "MD (example reviewer)")
    assert rivera.slug == "dr-sam-rivera-2"
    assert not rivera.is_published  # staff complete the profile, then publish it
    assert second.reviewer == rivera
    assert treatment.reviewer == existing
    assert first.reviewed_by == second.reviewed_by == treatment.reviewed_by == ""
    assert Condition.objects.get(pk=unreviewed.pk).reviewer is None

    reviewer_migration.clinicians_to_reviewers(apps, None)
    first.refresh_from_db()
    treatment.refresh_from_db()
    assert first.reviewed_by == "Dr. Sam Rivera, MD (example reviewer)"
    assert treatment.reviewed_by == "Dr. Ana Ruiz, MD"


# The request form and the contact page -----------------------------------------------


def test_the_form_asks_for_a_location_only_when_there_is_a_choice(client):
    LocationFactory(slug="downtown")
    assert 'name="preferred_location"' not in client.get("/appointments/").content.decode()
    LocationFactory(slug="west")
    html = client.get("/appointments/?location=west&condition=nothing").content.decode()
    assert '<option value="west" selected>' in html


def test_a_request_keeps_the_preferred_location(client):
    LocationFactory(slug="downtown")
    west = LocationFactory(slug="west")
    response = client.post("/appointments/", form_data(preferred_location="west"))
    assert response.status_code == 302
    assert AppointmentRequest.objects.get().preferred_location == west
    # An unknown location is a clear error on the form, with everything else kept.
    response = client.post("/appointments/", form_data(preferred_location="atlantis"))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert AppointmentRequest.objects.count() == 1


def test_the_contact_page_lists_every_location_with_its_hours(client):
    for slug in ("downtown", "west"):
        OpeningHoursFactory(location=LocationFactory(slug=slug, name=slug.title()), weekday=5)
    html = client.get("/contact/").content.decode()
    assert 'href="/locations/downtown/">Downtown</a>' in html
    assert 'href="/locations/west/">West</a>' in html
    assert html.count("Saturday: 8:00 a.m. to 5:00 p.m.") == 2


# Caching -----------------------------------------------------------------------------


def test_editing_hours_shows_at_once_on_cached_pages(
    page_cache, django_capture_on_commit_callbacks
):
    location = LocationFactory(slug="downtown")
    client = Client()
    client.get("/locations/downtown/")
    assert client.get("/locations/downtown/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        OpeningHoursFactory(location=location, weekday=6, opens=time(10), closes=time(14))
    response = client.get("/locations/downtown/")
    assert response["X-Cache"] == "miss"
    assert "10:00 a.m. to 2:00 p.m." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ClinicianFactory().conditions_treated.add(ConditionFactory(slug="c"))
    client.get("/conditions/c/")
    assert client.get("/conditions/c/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Condition.objects.get(slug="c").clinicians.clear()
    assert client.get("/conditions/c/")["X-Cache"] == "miss"


def test_cached_pages_end_at_midnight_so_today_is_never_yesterday():
    tomorrow = timezone.localdate() + timedelta(days=1)
    midnight = timezone.make_aware(timezone.datetime.combine(tomorrow, time.min))
    assert next_scheduled_change() == midnight
    soon = timezone.now() + timedelta(minutes=5)
    ClinicianFactory(publish_at=soon)
    assert next_scheduled_change() == min(soon, midnight)
    assert pagecache._new_generation(None)["valid_until"] <= midnight.timestamp()


# Staff -------------------------------------------------------------------------------

PRACTICE_ADMIN = (
    "clinician",
    "location",
    "insuranceplan",
    "sitepage",
)


def test_content_editors_keep_the_practice_and_the_front_desk_does_not():
    editors = set(
        Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True)
    )
    for model in (*PRACTICE_ADMIN, "openinghours", "specialhours", "sitepagequestion"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= editors, model
    # Adding the practice's permissions kept the conditions' ones.
    assert "change_condition" in editors
    front_desk = Group.objects.get(name="Front desk").permissions
    assert not front_desk.filter(content_type__app_label="practice").exists()


def test_admin_pages_load_for_an_editor_and_not_for_the_front_desk(
    client, editor, front_desk_user, demo
):
    client.force_login(editor)
    for model in PRACTICE_ADMIN:
        assert client.get(f"/admin/practice/{model}/").status_code == 200, model
        assert client.get(f"/admin/practice/{model}/add/").status_code == 200, model
    location = Location.objects.get(slug="springfield-downtown")
    assert client.get(f"/admin/practice/location/{location.pk}/change/").status_code == 200
    clinician = Clinician.objects.get(slug="dr-maya-okafor")
    html = client.get(f"/admin/practice/clinician/{clinician.pk}/change/").content.decode()
    assert "Conditions treated" in html
    client.force_login(front_desk_user)
    for model in PRACTICE_ADMIN:
        assert client.get(f"/admin/practice/{model}/").status_code == 403, model


def test_an_editor_adds_a_holiday_closure_in_the_admin(client, editor):
    location = LocationFactory(slug="downtown")
    client.force_login(editor)
    url = f"/admin/practice/location/{location.pk}/change/"
    data = {
        field: getattr(location, field)
        for field in (
            "name",
            "slug",
            "summary",
            "phone",
            "street_address",
            "locality",
            "region",
            "postal_code",
            "country",
        )
    }
    holiday = timezone.localdate() + timedelta(days=2)
    data.update(
        {
            "is_published": "on",
            "publish_at_0": timezone.localtime(location.publish_at).strftime("%Y-%m-%d"),
            "publish_at_1": timezone.localtime(location.publish_at).strftime("%H:%M:%S"),
            "sort_order": "0",
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-INITIAL_FORMS": "0",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "08:00",
            "opening_hours-0-closes": "17:00",
            "special_hours-TOTAL_FORMS": "1",
            "special_hours-INITIAL_FORMS": "0",
            "special_hours-0-date": holiday.isoformat(),
            "special_hours-0-note": "New Year's Day",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert location.special_hours.get().is_closed
    assert "New Year&#x27;s Day" in client.get("/locations/downtown/").content.decode()


# Demo content ------------------------------------------------------------------------


def test_demo_practice_is_loaded_once_and_linked(demo):
    counts = [model.objects.count() for model in (Clinician, Location, SitePage, OpeningHours)]
    assert counts[:3] == [3, 2, 3]
    call_command("load_demo_content", verbosity=0)
    assert [
        model.objects.count() for model in (Clinician, Location, SitePage, OpeningHours)
    ] == counts
    upper_back = Condition.objects.get(slug="upper-back-pain")
    assert upper_back.reviewer.slug == "dr-maya-okafor"
    assert upper_back.clinicians.count() == 3
    downtown = Location.objects.get(slug="springfield-downtown")
    assert downtown.special_hours.count() == 3
    west = Location.objects.get(slug="springfield-west")
    hours = [
        set(place.opening_hours.values_list("weekday", "opens", "closes"))
        for place in (downtown, west)
    ]
    assert hours[0] != hours[1]


def test_the_front_desk_filters_requests_by_preferred_location(client, superuser):
    from .factories import AppointmentRequestFactory

    west = LocationFactory(name="Springfield West")
    AppointmentRequestFactory(full_name="Near West", preferred_location=west)
    AppointmentRequestFactory(full_name="No Preference")
    client.force_login(superuser)
    changelist = "/admin/appointments/appointmentrequest/"
    html = client.get(changelist).content.decode()
    assert f"?preferred_location__id__exact={west.pk}" in html
    html = client.get(changelist, {"preferred_location__id__exact": west.pk}).content.decode()
    assert "Near West" in html and "No Preference" not in html
    request = AppointmentRequest.objects.get(full_name="Near West")
    html = client.get(f"{changelist}{request.pk}/change/").content.decode()
    assert "Springfield West" in html


# Photos ------------------------------------------------------------------------------


def test_clinician_and_location_photos_go_through_the_renditions_with_a_description(client):
    from .test_images import image_file

    clinician = ClinicianFactory(slug="dr-photo")
    clinician.image = image_file(width=900, height=900)
    clinician.image_alt = ""
    with pytest.raises(ValidationError) as error:
        clinician.full_clean()
    assert "image_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        clinician.save()
    clinician.image_alt = "Dr. Photo smiling in the clinic's hallway"
    clinician.save()
    location = LocationFactory(slug="with-photo")
    location.image, location.image_alt = image_file(), "The clinic's entrance, with a ramp"
    location.save()
    clinician.locations.add(location)
    html = client.get("/providers/dr-photo/").content.decode()
    assert 'alt="Dr. Photo smiling in the clinic&#x27;s hallway"' in html
    assert '<source type="image/webp" srcset="/media/renditions/' in html
    assert 'class="avatar avatar-large"' not in html
    html = client.get("/locations/with-photo/").content.decode()
    assert 'alt="The clinic&#x27;s entrance, with a ramp"' in html
    assert '<meta property="og:image"' in html


@pytest.mark.urls("tests.error_urls")
def test_the_server_error_page_needs_no_database(django_assert_num_queries):
    from django.core.cache import caches

    SitePageFactory(name="Linked From The Header", show_in="header")
    caches["frame"].clear()
    with django_assert_num_queries(0):
        response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'href="/providers/">Our clinicians</a>' in html
    assert "Linked From The Header" not in html
    caches["frame"].clear()


@pytest.mark.parametrize(
    "value",
    ['<script>alert("x")</script>', "a" * 5000, "west\x00", "Zoë 🙂", "' OR 1=1 --", ""],
)
def test_hostile_location_and_condition_values_get_a_clear_answer(client, value):
    LocationFactory(slug="downtown")
    LocationFactory(slug="west")
    response = client.post("/appointments/", form_data(preferred_location=value))
    assert response.status_code in (200, 302)
    for url in ("/appointments/", "/locations/west/", "/contact/"):
        # A condition that does not exist is dropped from a page's address (issue 25).
        response = client.get(url, {"location": value, "condition": value}, follow=True)
        assert response.status_code == 200, url
        assert "<script>alert" not in response.content.decode()
    assert AppointmentRequest.objects.count() <= 1


def test_the_demo_closures_are_the_next_federal_holidays_on_working_days():
    from practice.management.commands.load_practice_demo import next_holidays

    weekdays = {0, 1, 2, 3, 4}
    assert next_holidays(date(2026, 11, 1), weekdays, 2) == [
        (date(2026, 11, 11), "Veterans Day"),
        (date(2026, 11, 26), "Thanksgiving Day"),
    ]
    # From the day itself on, and into the next year; a Saturday holiday is skipped.
    assert [day for day, _ in next_holidays(date(2027, 12, 24), weekdays, 3)] == [
        date(2027, 12, 24),
        date(2027, 12, 31),
        date(2028, 1, 17),
    ]


def test_the_demo_loaded_on_another_day_closes_on_the_holidays_after_it():
    with time_machine.travel(datetime(2031, 6, 1, 12, tzinfo=UTC), tick=False):
        call_command("load_practice_demo", verbosity=0)
        downtown = Location.objects.get(slug="springfield-downtown")
        assert list(downtown.special_hours.values_list("date", "note")) == [
            (date(2031, 6, 19), "Juneteenth National Independence Day"),
            (date(2031, 7, 4), "Independence Day"),
            (date(2031, 9, 1), "Labor Day"),
        ]
        page = Client().get("/locations/springfield-downtown/").content.decode()
        assert "Juneteenth" in page and "Labor Day" in page


def test_a_location_with_no_coming_closure_says_so(client):
    location = LocationFactory(slug="west")
    SpecialHoursFactory(location=location, date=timezone.localdate() - timedelta(days=30))
    page = client.get("/locations/west/").content.decode()
    assert "No holiday closures or special hours are planned." in page
