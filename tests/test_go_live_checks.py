"""`check --deploy` stops the mistakes that would lose requests or misrepresent the clinic
(issue 28): no one told of requests, email that never leaves the server or leaves it in
clear text, and no clinician who can sign off medical pages. Errors only under --deploy:
`make run` stays as it is."""

import pytest
from django.core import checks

from .factories import ClinicianFactory, UserFactory

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def deploy_errors():
    return {
        message.id: message.msg
        for message in checks.run_checks(include_deployment_checks=True)
        if message.is_serious()
    }


def go_live_settings(settings):
    settings.DEBUG = False
    settings.FRONT_DESK_EMAILS = ["frontdesk@clinic.example.org"]
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_USE_TLS = True
    settings.EMAIL_USE_SSL = False
    return settings


@pytest.fixture
def a_clinician_who_signs_off(db):
    user = UserFactory(username="dr.okafor", groups=["Clinical reviewers"])
    return ClinicianFactory(user=user)


def test_a_ready_site_has_no_go_live_error(settings, a_clinician_who_signs_off):
    go_live_settings(settings)
    assert not {"core.E101", "core.E102", "core.E103", "content_workflow.E001"} & set(
        deploy_errors()
    )


def test_nobody_to_tell_of_requests_is_an_error(settings, a_clinician_who_signs_off):
    go_live_settings(settings).FRONT_DESK_EMAILS = []
    assert "nobody would be told" in deploy_errors()["core.E101"]


@pytest.mark.parametrize("backend", ["filebased", "console", "locmem", "dummy"])
def test_email_that_never_leaves_the_server_is_an_error(
    settings, a_clinician_who_signs_off, backend
):
    go_live_settings(settings).EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    assert "no email leaves the server" in deploy_errors()["core.E102"]


def test_smtp_in_clear_text_is_an_error_and_either_encryption_passes(
    settings, a_clinician_who_signs_off
):
    go_live_settings(settings).EMAIL_USE_TLS = False
    assert "not encrypted" in deploy_errors()["core.E103"]
    settings.EMAIL_USE_SSL = True
    assert "core.E103" not in deploy_errors()


def test_no_clinician_who_can_sign_off_is_an_error(settings):
    go_live_settings(settings)
    # A reviewer without a clinician profile, and a clinician without the permission or
    # whose account is no longer active, cannot sign off.
    UserFactory(username="reviewer", groups=["Clinical reviewers"])
    ClinicianFactory(user=UserFactory(username="editor", groups=["Content editors"]))
    ClinicianFactory(
        user=UserFactory(username="left", groups=["Clinical reviewers"], is_active=False)
    )
    assert "No clinician can sign off" in deploy_errors()["content_workflow.E001"]
    ClinicianFactory(user=UserFactory(username="dr.ruiz", groups=["Clinical reviewers"]))
    assert "content_workflow.E001" not in deploy_errors()


def test_the_go_live_errors_wait_for_check_deploy(settings):
    settings.DEBUG = False
    settings.FRONT_DESK_EMAILS = []
    plain = {message.id for message in checks.run_checks()}
    assert not {"core.E101", "core.E102", "core.E104", "content_workflow.E001"} & plain
