"""No HTML from the admin reaches a page unsanitized (issue 3)."""

from html.parser import HTMLParser

import pytest
from django.conf import settings

from core.markdown import render_markdown

from .factories import ConditionFactory, ConditionTreatmentFactory, FAQFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

ATTACKS = (
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<iframe src="https://tracker.example"></iframe>',
    '<p onmouseover="alert(1)">hover</p>',
    "<style>body{display:none}</style>",
    "[link](javascript:alert(1))",
    '"><svg onload=alert(1)>',
)
FORBIDDEN_TAGS = {"script", "iframe", "style", "svg", "img", "object", "embed"}


class ActiveContentFinder(HTMLParser):
    """Collects every element or attribute in the page that could run or load something."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS and not (
            (tag == "script" and attributes.get("type") == "application/ld+json")
            # The site's own drawings (logo, illustrations) among its static files.
            or (tag == "img" and (attributes.get("src") or "").startswith(settings.STATIC_URL))
        ):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{name}={value}")


def assert_clean(html):
    finder = ActiveContentFinder()
    finder.feed(html)
    assert finder.found == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_condition_text_fields_are_sanitized(client, attack):
    condition = ConditionFactory(
        name=f"Pain {attack}",
        summary=f"Summary {attack}",
        overview=f"Intro {attack}",
        causes=f"Causes {attack}",
        symptoms=f"Symptoms {attack}",
        diagnosis=f"Diagnosis {attack}",
        treatment_approach=f"Approach {attack}",
        reviewer__name=f"Dr. {attack}",
        seo_title=attack[:70],
        seo_description=attack,
    )
    FAQFactory(condition=condition, question=f"Q {attack}", answer=f"A {attack}")
    ConditionTreatmentFactory(
        condition=condition, treatment__name=f"T {attack}", treatment__summary=attack
    )
    response = client.get(condition.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html)
    # The JSON-LD block carries the text JSON-escaped: nothing in it can close the tag.
    jsonld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in jsonld
    for url in ("/conditions/", "/", f"/search/?q={condition.slug}"):
        assert_clean(client.get(url).content.decode())


@pytest.mark.parametrize("attack", ATTACKS)
def test_treatment_text_fields_are_sanitized(client, attack):
    treatment = TreatmentFactory(
        name=f"T {attack}", summary=attack, description=attack, what_to_expect=attack
    )
    html = client.get(treatment.get_absolute_url()).content.decode()
    assert_clean(html)
    assert_clean(client.get("/treatments/").content.decode())


def test_markdown_keeps_plain_formatting_and_safe_links():
    html = render_markdown(
        "Some **bold** text.\n\n- one\n- two\n\n[Our clinic](https://clinic.example) "
        "[call](tel:+15550100123)"
    )
    assert "<strong>bold</strong>" in html
    assert "<ul>\n<li>one</li>" in html
    assert '<a href="https://clinic.example" rel="noopener noreferrer">Our clinic</a>' in html
    assert 'href="tel:+15550100123"' in html


def test_staff_headings_start_below_the_pages_own():
    html = render_markdown("# Big\n\n## Smaller\n\n### Small")
    assert "<h1" not in html and "<h2" not in html
    assert html.count("<h3>") == 3


def test_images_are_not_allowed_in_text():
    # An image from another site would tell that site who reads a health page.
    assert "<img" not in render_markdown("![pixel](https://tracker.example/p.gif)")
