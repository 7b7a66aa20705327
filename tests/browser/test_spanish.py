"""A patient's whole journey in Spanish, in a real browser (issue 17)."""

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest

pytestmark = pytest.mark.browser


def test_a_patient_switches_to_spanish_reads_a_condition_and_sends_a_request(
    page, demo_content, instant_form
):
    page.goto("/conditions/upper-back-pain/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page).to_have_url("/es/conditions/upper-back-pain/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dolor en la parte superior de la espalda"
    )
    expect(page.locator(".reviewed")).to_contain_text("no es consejo médico")

    page.get_by_role("link", name="Pedir una cita").last.click()
    expect(page).to_have_url("/es/appointments/?condition=upper-back-pain")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedir una cita")

    # Sent without a name: the errors come back in Spanish, and nothing is stored.
    page.get_by_role("textbox", name="Número de teléfono").fill("(555) 010-0199")
    page.get_by_label("lunes").check()
    page.get_by_label("Soy paciente nuevo/a").check()
    page.get_by_label("Acepto que la clínica me contacte").check()
    page.get_by_role("button", name="Enviar solicitud").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Escriba su nombre para saber por quién preguntar.")
    assert AppointmentRequest.objects.count() == 0

    page.get_by_role("textbox", name="Su nombre completo").fill("Lucía Ejemplo")
    page.get_by_label("Acepto que la clínica me contacte").check()
    page.get_by_role("button", name="Enviar solicitud").click()
    expect(page).to_have_url("/es/appointments/thank-you/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gracias: hemos recibido su solicitud"
    )
    stored = AppointmentRequest.objects.get()
    assert stored.language == "es"
    assert stored.condition.slug == "upper-back-pain"

    # And back to English with the switcher.
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page).to_have_url("/appointments/thank-you/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
