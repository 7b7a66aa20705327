"""An editor's non-medical edit, saved through the real admin form in Chromium (which
posts every textarea with CRLF line endings), is publishable by the editor alone
(issue 24, item 2)."""

import pytest
from playwright.sync_api import expect

from conditions.models import Condition
from content_workflow.models import Revision
from core.text import normalise
from tests.factories import TEST_PASSWORD, UserFactory
from tests.staff_sessions import authenticator, current_code

from .support import log_in

pytestmark = pytest.mark.browser

NEW_TITLE = "Neck pain: causes, relief and when to get help"


def test_an_editor_changes_only_the_search_title_and_publishes_it(
    new_page, staff_groups, demo_content
):
    condition = Condition.objects.get(slug="neck-pain")
    before = {field: normalise(getattr(condition, field)) for field in ("overview", "causes")}
    assert all("\n" in text for text in before.values())  # multi-line text on the form
    account = UserFactory(username="editor", groups=["Content editors"])
    editor = new_page()
    log_in(editor, "editor", TEST_PASSWORD, current_code(authenticator(account)))
    editor.goto(f"/admin/conditions/condition/{condition.pk}/change/")
    editor.get_by_text("Search engines and sharing").click()
    editor.locator("#id_seo_title_en").fill(NEW_TITLE)
    editor.locator("input[name='_save']").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Saved as a draft")
    assert not Revision.objects.get().medical_change

    editor.locator(".object-tools").get_by_role("link", name="Review and publish").click()
    expect(editor.locator(".revision-diff")).to_have_count(1)
    expect(editor.locator(".revision-diff ins")).to_have_text(NEW_TITLE)
    expect(editor.locator(".medical-change")).to_have_count(0)
    expect(editor.get_by_text("a clinical reviewer must approve them")).to_have_count(0)
    editor.get_by_role("button", name="Publish without medical sign-off").click()
    expect(editor.locator(".messagelist")).to_contain_text("Published")

    condition.refresh_from_db()
    assert condition.seo_title == NEW_TITLE
    assert {field: getattr(condition, field) for field in before} == before
    assert Revision.objects.get().status == Revision.Status.PUBLISHED


def test_a_one_sentence_edit_shows_one_short_change_to_the_reviewer(
    new_page, staff_groups, demo_content
):
    condition = Condition.objects.get(slug="upper-back-pain")
    first_paragraph = condition.overview.split("\n")[0]
    account = UserFactory(username="editor", groups=["Content editors"])
    editor = new_page(viewport={"width": 1280, "height": 800})
    log_in(editor, "editor", TEST_PASSWORD, current_code(authenticator(account)))
    editor.goto(f"/admin/conditions/condition/{condition.pk}/change/")
    overview = editor.locator("#id_overview_en")
    overview.fill(
        overview.input_value().replace(first_paragraph, first_paragraph + " It is common.")
    )
    editor.locator("input[name='_save']").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("Saved as a draft")

    editor.goto(f"/admin/conditions/condition/{condition.pk}/review/")
    expect(editor.locator(".revision-diff")).to_have_count(1)
    expect(editor.locator(".revision-diff ins")).to_have_text(first_paragraph + " It is common.")
    expect(editor.locator(".medical-change")).to_have_count(1)
    height = editor.evaluate("document.documentElement.scrollHeight")
    assert height < 1500, f"{height} px for a one-sentence edit (6,672 px before issue 24)"
