"""axe-core finds no WCAG 2.2 A or AA violation on any public page (issue 6)."""

import pytest

from tests.public_pages import PUBLIC_PAGES

from .support import AXE_SCRIPT, WCAG_TAGS, open_public_page

pytestmark = pytest.mark.browser

RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}"""


def describe(violation):
    targets = "\n".join(f"      {target}" for target in violation["targets"])
    return f"    {violation['id']} ({violation['impact']}): {violation['help']}\n{targets}"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_public_pages_have_no_wcag_violations(axe_page, demo_content, color_scheme):
    """In both colour schemes: the stylesheet has a dark mode (prefers-color-scheme)."""
    axe_page.emulate_media(color_scheme=color_scheme)
    axe_source = AXE_SCRIPT.read_text()
    failures = []
    for public_page in PUBLIC_PAGES:
        open_public_page(axe_page, public_page)
        axe_page.add_script_tag(content=axe_source)
        violations = axe_page.evaluate(RUN_AXE, WCAG_TAGS)
        if violations:
            details = "\n".join(describe(violation) for violation in violations)
            failures.append(f"  {public_page.name} ({public_page.path}):\n{details}")
    assert not failures, "axe-core found accessibility problems:\n" + "\n".join(failures)
