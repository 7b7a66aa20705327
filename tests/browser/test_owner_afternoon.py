"""A clinic goes live in an afternoon (issue 28.5): on a site with no demo content, the
owner enters the clinic's identity, a location, a clinician and a condition page through
the admin's own forms in Chromium, a clinician approves the page, and the public site
shows all of it with none of the demo loader's own words anywhere, seen or not."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from conditions import demo_content as condition_demo
from practice import demo_content as practice_demo
from tests.factories import TEST_PASSWORD, UserFactory
from tests.staff_sessions import authenticator, current_code

from .support import log_in

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ("/", "/es/", "/conditions/", "/providers/", "/locations/", "/appointments/")


def demo_words():
    """What only the demo loaders write: names of pages, people, places and plans."""
    words = {condition_demo.DEMO_REVIEWER.split(",")[0]}
    for data in (*condition_demo.CONDITIONS, *condition_demo.TREATMENTS):
        words.add(data["name"])
    for data in practice_demo.LOCATIONS:
        words |= {data["name"], data["street_address"], data["phone"]}
    for data in (*practice_demo.CLINICIANS, *practice_demo.SITE_PAGES):
        words.add(data["name"])
    words |= {name for name, _notes in practice_demo.INSURANCE_PLANS}
    return words


def wide_logo(path):
    image = Image.new("RGBA", (480, 120), (0, 0, 0, 0))
    image.paste((20, 90, 120, 255), (0, 0, 120, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def save(page):
    page.locator("input[name='_save']").first.click()
    expect(page.locator(".messagelist")).to_be_visible()


def test_an_owner_puts_a_real_clinic_online(new_page, staff_groups, settings, tmp_path):
    # What the server's environment holds (the address and hours are not edited online).
    settings.CLINIC = {
        **settings.CLINIC,
        "STREET_ADDRESS": "1400 Pine Street",
        "LOCALITY": "Seattle",
        "REGION": "WA",
        "POSTAL_CODE": "98101",
        "DIRECTIONS": "Take the lift to the fourth floor.",
    }
    owner_account = UserFactory(username="owner", is_superuser=True)
    reviewer_account = UserFactory(username="dr.chen", groups=["Clinical reviewers"])
    owner = new_page()
    log_in(owner, "owner", TEST_PASSWORD, current_code(authenticator(owner_account)))

    # The clinic's identity.
    owner.goto("/admin/core/clinicidentity/")
    owner.locator("#id_name").fill("Pine Street Spine Care")
    owner.locator("#id_phone").fill("+1 206 555 0188")
    owner.locator("#id_headline_en").fill("Back and neck pain care in downtown Seattle")
    owner.locator("#id_logo").set_input_files(wide_logo(tmp_path / "logo.png"))
    save(owner)
    expect(owner.locator(".messagelist")).to_contain_text("changed successfully")

    # A location.
    owner.goto("/admin/practice/location/add/")
    owner.locator("#id_name").fill("Pine Street clinic")
    owner.locator("#id_summary").fill("Our clinic by the market, on the fourth floor.")
    owner.locator("#id_street_address").fill("1400 Pine Street, Suite 400")
    owner.locator("#id_locality").fill("Seattle")
    owner.locator("#id_region").fill("WA")
    owner.locator("#id_postal_code").fill("98101")
    owner.locator("#id_phone").fill("+1 206 555 0188")
    owner.locator("#id_is_published").check()
    save(owner)
    expect(owner.locator(".messagelist")).to_contain_text("was added successfully")

    # A clinician, whose staff account the owner (an administrator) links for sign-off.
    owner.goto("/admin/practice/clinician/add/")
    owner.locator("#id_name").fill("Dr. Lin Chen")
    owner.locator("#id_credentials").fill("MD")
    owner.locator("#id_role").fill("Pain medicine physician")
    owner.locator("#id_user").fill(str(reviewer_account.pk))  # the account's number
    owner.locator("#id_locations_from").select_option(label="Pine Street clinic")
    owner.locator("#id_locations_add").click()
    owner.locator("#id_is_published").check()
    save(owner)
    expect(owner.locator(".messagelist")).to_contain_text("was added successfully")

    # A condition page, written and sent for a clinician's approval.
    owner.goto("/admin/conditions/condition/add/")
    owner.locator("#id_name_en").fill("Piriformis Syndrome")
    owner.locator("#id_body_region").select_option(index=1)
    owner.locator("#id_summary_en").fill("Pain deep in the buttock that can run down one leg.")
    owner.locator("#id_overview_en").fill(
        "Piriformis syndrome is pain deep in the buttock.\n\nIt often eases within weeks."
    )
    owner.locator("#id_is_published").check()
    save(owner)

    reviewer = new_page()
    log_in(reviewer, "dr.chen", TEST_PASSWORD, current_code(authenticator(reviewer_account)))
    reviewer.goto("/admin/conditions/condition/")
    reviewer.locator("#result_list").get_by_role("link", name="Piriformis Syndrome").click()
    reviewer.locator(".object-tools").get_by_role("link", name="Review and publish").click()
    reviewer.get_by_role("button", name="Approve (medical sign-off) and publish").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("Approved")

    # The public site is the clinic's own.
    visitor = new_page()
    visitor.goto("/")
    logo = visitor.locator(".site-header .brand img")
    expect(logo).to_have_attribute("alt", "Pine Street Spine Care")
    assert logo.bounding_box()["width"] > 2 * logo.bounding_box()["height"]
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Back and neck pain care in downtown Seattle"
    )
    expect(visitor.locator("footer")).to_contain_text("+1 206 555 0188")
    visitor.goto("/conditions/piriformis-syndrome/")
    expect(visitor.locator("main")).to_contain_text("Medically reviewed by")
    expect(visitor.locator("main")).to_contain_text("Dr. Lin Chen")
    visitor.goto("/providers/")
    expect(visitor.locator("main")).to_contain_text("Dr. Lin Chen")
    visitor.goto("/locations/")
    expect(visitor.locator("main")).to_contain_text("Pine Street clinic")

    demo = demo_words()
    for path in (
        *PUBLIC_PAGES,
        "/conditions/piriformis-syndrome/",
        "/locations/pine-street-clinic/",
    ):
        visitor.goto(path)
        html = visitor.content()
        attributes = " ".join(re.findall(r'="([^"]*)"', html))
        text = visitor.locator("body").inner_text() + " " + visitor.title()
        found = [word for word in demo if word in text or word in attributes]
        assert not found, (path, found)
