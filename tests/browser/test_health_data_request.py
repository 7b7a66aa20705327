"""A consumer health data request in Chromium, in Spanish: the form, the emailed link
opened elsewhere (a phone's mail app), the page that only shows what will be confirmed,
and the button that confirms it (issue 29.5)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from health_data_requests.models import HealthDataRequest

from .support import AXE_SCRIPT, WCAG_TAGS
from .test_accessibility import RUN_AXE, describe

pytestmark = pytest.mark.browser


def test_a_request_sent_and_confirmed_in_spanish(new_page, live_server, demo_content, instant_form):
    page = new_page()
    page.goto("/es/privacy/")
    page.get_by_role("link", name="Consulte sus datos de salud del consumidor en línea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Consulte sus datos de salud del consumidor"
    )
    page.get_by_label("Borren mis datos de salud").check()
    page.get_by_role("textbox", name="Su correo electrónico").fill(" Alex@Example.COM ")
    page.get_by_role("button", name="Envíenme el enlace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revise su correo electrónico")

    (message,) = mail.outbox
    assert message.to == ["Alex@example.com"]
    link = re.search(r"https?://\S+", message.body)[0]
    path = link.split("://", 1)[1].split("/", 1)[1]

    # A link scanner, then the person on another device: opening changes nothing.
    elsewhere = new_page(bypass_csp=True)  # only so that axe can run
    elsewhere.goto(f"/{path}")
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Confirme su solicitud")
    elsewhere.add_script_tag(content=AXE_SCRIPT.read_text())
    violations = elsewhere.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, "\n".join(describe(violation) for violation in violations)
    expect(elsewhere.locator("main")).to_contain_text("Borren mis datos de salud")
    expect(elsewhere.locator("main")).to_contain_text("Alex@example.com")
    assert HealthDataRequest.objects.get().confirmed_at is None

    elsewhere.get_by_role("button", name="Confirmar mi solicitud").click()
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Su solicitud está confirmada")
    health_request = HealthDataRequest.objects.get()
    assert health_request.confirmed_at is not None
    assert (health_request.kind, health_request.language) == ("deletion", "es")

    # The link is used up.
    elsewhere.goto(f"/{path}")
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Este enlace no se puede usar")
