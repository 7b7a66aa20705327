"""Staff-written Markdown to sanitized HTML: the one way stored text reaches a page."""

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "h3",
    "h4",
    "blockquote",
}
# Texts each worker keeps as HTML: every Markdown text of a site with ~1,000 conditions
# (five texts and two FAQ answers each) and their treatments, so a crawl of the whole
# site still finds them (a few KB each: tens of MB at most).
MEMO_SIZE = 16_384
# Pages already use h1 and h2; staff headings start at h3 so the outline stays in order.
_TOP_HEADINGS = re.compile(r"<(/?)h[12](?=[\s>])")
# The help text under every field written in Markdown.
MARKDOWN_HELP = (
    "Plain text. Leave a blank line between paragraphs; start lines with '- ' for a "
    "bulleted list; **double asterisks** make text bold. HTML is not allowed and is removed."
)


@lru_cache(maxsize=MEMO_SIZE)
def render_markdown(text):
    """Markdown to HTML that nh3 has sanitized.

    Raw HTML in the text is not trusted: nh3 keeps only the tags and attributes listed
    here (no images, scripts, styles or event handlers). Results are memoized per text,
    so a page render does no Markdown work after the first time a worker sees the text.
    """
    rendered = markdown_lib.markdown(text, extensions=["sane_lists"])
    rendered = _TOP_HEADINGS.sub(r"<\1h3", rendered)
    return mark_safe(  # noqa: S308 - the HTML is sanitized by nh3 right here
        nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer",
        )
    )
