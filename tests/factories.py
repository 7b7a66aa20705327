"""Model factories for tests (factory_boy)."""

import time
from datetime import time as time_of_day
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.utils import timezone

from appointments.models import AppointmentRequest
from appointments.spam import STARTED_AT_SALT
from conditions.models import BodyRegion, Condition, ConditionFAQ, ConditionTreatment, Treatment
from practice.models import (
    Clinician,
    InsurancePlan,
    Location,
    OpeningHours,
    SitePage,
    SitePageQuestion,
    SpecialHours,
)

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@clinic.example")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if names:
            self.groups.set(Group.objects.filter(name__in=names))
        self.save()


class PublishedFactory(factory.django.DjangoModelFactory):
    """Live content: published, with a publish time already passed."""

    class Meta:
        abstract = True

    is_published = True
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class LocationFactory(PublishedFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Location {n}")
    slug = factory.Sequence(lambda n: f"location-{n}")
    summary = "A clinic location."
    street_address = factory.Sequence(lambda n: f"{n} Example Street")
    locality = "Springfield"
    region = "IL"
    postal_code = "62701"
    phone = "+1 555 010 0100"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = time_of_day(8)
    closes = time_of_day(17)


class SpecialHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialHours

    location = factory.SubFactory(LocationFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3))
    note = "Holiday"


class ClinicianFactory(PublishedFactory):
    class Meta:
        model = Clinician

    name = factory.Sequence(lambda n: f"Dr. Test Clinician{n}")
    slug = factory.Sequence(lambda n: f"clinician-{n}")
    credentials = "MD"
    role = "Pain physician"


class InsurancePlanFactory(PublishedFactory):
    class Meta:
        model = InsurancePlan

    name = factory.Sequence(lambda n: f"Plan {n}")


class SitePageFactory(PublishedFactory):
    class Meta:
        model = SitePage

    name = factory.Sequence(lambda n: f"Practice page {n}")
    slug = factory.Sequence(lambda n: f"practice-page-{n}")
    summary = "A page about the practice."
    body = "Some text about the practice."


class SitePageQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePageQuestion

    page = factory.SubFactory(SitePageFactory)
    question = factory.Sequence(lambda n: f"Practice question {n}?")
    answer = "A careful answer."


class ContentPageFactory(PublishedFactory):
    """Live, medically reviewed pages: what conditions and treatments share."""

    class Meta:
        abstract = True

    reviewer = factory.SubFactory(ClinicianFactory, name="Dr. Test Reviewer")
    reviewer_credentials = factory.LazyAttribute(
        lambda page: page.reviewer.credentials if page.reviewer else ""
    )
    last_reviewed = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    next_review_due = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=355))


class TreatmentFactory(ContentPageFactory):
    class Meta:
        model = Treatment

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")
    summary = "A short summary of the treatment."
    description = "What the treatment is.\n\nWho it may help."
    what_to_expect = "What happens before, during and after."


class ConditionFactory(ContentPageFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    body_region = BodyRegion.UPPER_BACK
    summary = "A short summary of the condition."
    overview = "What the condition is."
    causes = "- Strain\n- Posture"
    symptoms = "Aching between the shoulder blades."
    diagnosis = "See a specialist if pain lasts more than a few weeks."
    treatment_approach = "An individual plan that aims to avoid surgery."


class ConditionTreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionTreatment

    condition = factory.SubFactory(ConditionFactory)
    treatment = factory.SubFactory(TreatmentFactory)


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionFAQ

    condition = factory.SubFactory(ConditionFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "A careful answer."


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentRequest

    full_name = factory.Sequence(lambda n: f"Patient {n}")
    phone = factory.Sequence(lambda n: f"+1 555-010-{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    patient_status = AppointmentRequest.PatientStatus.NEW
    consent_receipt = "privacy-notice:test;consent:test"
    resubmission_key = factory.Sequence(lambda n: f"test-key-{n}")


def started_stamp(seconds_ago=60):
    """The form's signed start time, as if the form was shown this many seconds ago."""
    return signing.dumps(time.time() - seconds_ago, salt=STARTED_AT_SALT)


def form_data(**overrides):
    """A complete, valid appointment request as the browser would post it."""
    data = {
        "full_name": "Alex Example",
        "phone": "(555) 010-0123",
        "email": "alex@example.com",
        "preferred_contact": "phone",
        "preferred_days": ["monday", "tuesday"],
        "preferred_times": ["morning"],
        "patient_status": "new",
        "condition": "",
        "message": "",
        "consent": "on",
        "form_started": started_stamp(),
        "source_page": "",
        "leave_blank": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
