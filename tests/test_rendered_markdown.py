"""Markdown is stored as sanitized HTML when a page is written (issue 25): a page view
renders none, every write path makes it, drafts never carry it."""

import pytest
from django.core.management import call_command
from django.utils import translation

from conditions.models import Condition, ConditionFAQ, Treatment
from content_workflow import services, snapshots
from core import markdown
from practice.models import SitePageQuestion

from .factories import ConditionFactory, FAQFactory, SitePageFactory, SitePageQuestionFactory

pytestmark = pytest.mark.django_db


def test_a_saved_page_keeps_its_html_per_language(client, monkeypatch):
    page = ConditionFactory(
        slug="sciatica",
        overview_en="Pain **down the leg**.<script>alert(1)</script>",
        overview_es="Dolor **en la pierna**.",
    )
    FAQFactory(condition=page, answer_en="*Often* it eases.", answer_es="*A menudo* mejora.")
    stored = Condition.objects.get(pk=page.pk).rendered_html
    assert stored["overview_en"][1] == "<p>Pain <strong>down the leg</strong>.</p>"
    assert stored["overview_es"][1] == "<p>Dolor <strong>en la pierna</strong>.</p>"
    monkeypatch.setattr(markdown, "render_markdown", pytest.fail)
    english = client.get("/conditions/sciatica/").content.decode()
    spanish = client.get("/es/conditions/sciatica/").content.decode()
    assert "<p>Pain <strong>down the leg</strong>.</p>" in english
    assert "<script>alert" not in english
    assert "<em>Often</em> it eases." in english
    assert "<p>Dolor <strong>en la pierna</strong>.</p>" in spanish
    assert "<em>A menudo</em> mejora." in spanish


def test_an_untranslated_text_shows_the_english_html():
    page = ConditionFactory(overview_en="In **English** only.", overview_es="")
    with translation.override("es"):
        assert page.html.overview == "<p>In <strong>English</strong> only.</p>"


def test_the_stored_html_is_never_part_of_a_draft():
    page = ConditionFactory()
    FAQFactory(condition=page)
    snapshot = snapshots.take(page)
    assert "rendered_html" not in snapshot["fields"]
    assert all("rendered_html" not in row for row in snapshot["inlines"]["faqs"])
    # Nor of the medical check: only the text counts.
    assert not services.is_medical_change(page, snapshots.take(page))


def test_publishing_a_draft_makes_its_html(editor):
    page = ConditionFactory()
    FAQFactory(condition=page, answer_en="Old answer.")
    snapshot = snapshots.take(page)
    snapshot["fields"]["overview_en"] = "A **new** introduction."
    snapshot["inlines"]["faqs"][0]["answer_en"] = "A *new* answer."
    draft = services.save_draft(page, snapshot, author=editor)
    # A preview shows the draft's text, which no stored HTML matches yet.
    preview, _related, inlines = snapshots.build(Condition, page.pk, draft.snapshot)
    assert preview.html.overview == "<p>A <strong>new</strong> introduction.</p>"
    assert inlines["faqs"][0].html.answer == "<p>A <em>new</em> answer.</p>"
    services.publish(draft)
    page.refresh_from_db()
    assert page.rendered_html["overview_en"][1] == "<p>A <strong>new</strong> introduction.</p>"
    (faq,) = ConditionFAQ.objects.filter(condition=page)
    assert faq.rendered_html["answer_en"][1] == "<p>A <em>new</em> answer.</p>"


def test_the_demo_loader_and_the_generator_store_html(client, monkeypatch):
    call_command("load_demo_content", verbosity=0)
    call_command("generate_content_scale", conditions=3, treatments=2, hub_links=1, verbosity=0)
    for model in (Condition, Treatment, ConditionFAQ, SitePageQuestion):
        for row in model.objects.all():
            for column in markdown.markdown_columns(model):
                text = getattr(row, column) or ""
                assert row.rendered_html[column][0] == markdown._digest(text), (row, column)
    monkeypatch.setattr(markdown, "render_markdown", pytest.fail)
    for url in (
        "/conditions/upper-back-pain/",
        "/es/conditions/upper-back-pain/",
        "/conditions/scale-condition-1/",
        "/treatments/physical-therapy/",
        "/info/patient-faq/",
        "/locations/springfield-downtown/",
        "/providers/dr-maya-okafor/",
    ):
        assert client.get(url).status_code == 200, url


def test_rebuilding_after_a_sanitizer_change(client, monkeypatch):
    question = SitePageQuestionFactory(
        page=SitePageFactory(slug="faq"), answer="See [our team](https://example.com)."
    )
    assert 'href="https://example.com"' in question.rendered_html["answer"][1]
    # The sanitizer stops allowing links: the stored HTML is written again.
    monkeypatch.setattr(markdown, "ALLOWED_TAGS", markdown.ALLOWED_TAGS - {"a"})
    call_command("rebuild_markdown_html", verbosity=0)
    question.refresh_from_db()
    assert question.rendered_html["answer"][1] == "<p>See our team.</p>"
    assert "<p>See our team.</p>" in client.get("/info/faq/").content.decode()
