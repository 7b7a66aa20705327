"""Every public page is valid, well-structured HTML: it parses without a single error,
has one <h1>, headings in order, the four landmarks, a language, and a label for every
form field (issue 6)."""

import io

import html5lib
import pytest
from django.core.management import call_command

from conditions.demo_content import CONDITIONS, TREATMENTS
from tests.public_pages import PUBLIC_PAGES, PublicPage

pytestmark = pytest.mark.django_db

PAGES = [
    *PUBLIC_PAGES,
    *(PublicPage(f"condition {c['slug']}", f"/conditions/{c['slug']}/") for c in CONDITIONS),
    *(PublicPage(f"treatment {t['slug']}", f"/treatments/{t['slug']}/") for t in TREATMENTS),
]
HEADINGS = {f"h{level}": level for level in range(1, 7)}
# <header> and <footer> are the page's banner and contentinfo landmarks only outside
# these elements.
SECTIONING = {"article", "aside", "main", "nav", "section"}


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", stdout=io.StringIO())


def fetch(client, page):
    response = client.post(page.path, {}) if page.submit_empty_form else client.get(page.path)
    assert response.status_code == page.status, page
    return response.content.decode()


def parse_strictly(html):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        (line, column), code, details = parser.errors[-1]
        source = html.splitlines()[line - 1] if line else ""
        pytest.fail(
            f"HTML parse error {code} {details or ''} at line {line}, column {column}: {error}\n{source.strip()}"
        )


def parents_of(root):
    return {child: parent for parent in root.iter() for child in parent}


def ancestors(element, parents):
    while element in parents:
        element = parents[element]
        yield element


def is_top_level(element, parents):
    return not any(a.tag in SECTIONING for a in ancestors(element, parents))


def describe(element):
    return f"<{element.tag} " + " ".join(f'{k}="{v}"' for k, v in element.attrib.items()) + ">"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_is_valid_semantic_html(client, demo_content, page):
    root = parse_strictly(fetch(client, page))
    parents = parents_of(root)

    assert root.get("lang") == ("es" if page.path.startswith("/es/") else "en")

    levels = [HEADINGS[element.tag] for element in root.iter() if element.tag in HEADINGS]
    assert levels.count(1) == 1, f"{levels.count(1)} <h1> elements"
    previous = 0
    for level in levels:
        # Down one level at a time (h2 then h3), up any number; the first heading is h1.
        assert level <= previous + 1, f"h{previous} is followed by h{level}: {levels}"
        previous = level

    assert len(root.findall(".//main")) == 1, "not exactly one <main>"
    assert root.findall(".//nav"), "no <nav>"
    assert any(is_top_level(e, parents) for e in root.iter("header")), "no banner <header>"
    assert any(is_top_level(e, parents) for e in root.iter("footer")), "no contentinfo <footer>"

    labelled = {label.get("for") for label in root.iter("label")}
    unlabelled = []
    for field in root.iter():
        if field.tag not in ("input", "select", "textarea") or field.get("type") == "hidden":
            continue
        field_ancestors = list(ancestors(field, parents))
        if any("trap" in (a.get("class") or "").split() for a in field_ancestors):
            continue  # the spam trap, hidden from people
        in_fieldset_with_legend = any(
            a.tag == "fieldset" and a.find("legend") is not None for a in field_ancestors
        )
        if not (field.get("id") in labelled or in_fieldset_with_legend):
            unlabelled.append(describe(field))
    assert not unlabelled, f"form fields without a label: {unlabelled}"
