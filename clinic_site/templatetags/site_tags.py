"""Template helpers available in every template (registered as builtins in settings)."""

import html
import json
import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from clinic_site.reversing import cached_reverse
from clinic_site.structured_data import SCHEMA_CONTEXT, breadcrumb_list

register = template.Library()

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
# Pages already use h1 and h2; staff headings start at h3 so the outline stays in order.
_TOP_HEADINGS = re.compile(r"<(/?)h[12](?=[\s>])")
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@lru_cache(maxsize=2048)
def render_markdown(text):
    """Staff-written Markdown to sanitized HTML; the one way stored text reaches a page.

    Raw HTML in the text is not trusted: nh3 keeps only the tags and attributes listed
    here (no images, scripts, styles or event handlers). Results are memoized per text,
    so a page render does no Markdown work after the first time a worker sees the text.
    """
    html = markdown_lib.markdown(text, extensions=["sane_lists"])
    html = _TOP_HEADINGS.sub(r"<\1h3", html)
    return mark_safe(  # noqa: S308 - the HTML is sanitized by nh3 right here
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto", "tel"},
            link_rel="noopener noreferrer",
        )
    )


@register.filter(is_safe=True)
def markdown(text):
    return render_markdown(text or "")


@register.simple_tag
def jsonld(data):
    """A schema.org JSON-LD block; <, > and & are escaped so text cannot close the tag."""
    payload = json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.simple_tag
def breadcrumbs_jsonld(crumbs):
    return jsonld({"@context": SCHEMA_CONTEXT, **breadcrumb_list(crumbs)})


@register.simple_tag
def card(page, heading_level=3):
    """A card linking to a condition or treatment page: a list item with its summary.

    A tag rather than an included template: pages list up to a dozen cards, and an
    include costs several times more than this per card. Its values are plain text
    from the database and a reversed URL, escaped with the standard library's
    html.escape, which is what Django's escape() wraps; format_html took most of a
    card's time escaping through Django's lazy-string checks.
    """
    level = int(heading_level)
    return mark_safe(  # noqa: S308 - every value is escaped right here
        f'<li class="card"><h{level}><a href="{html.escape(page.get_absolute_url())}">'
        f"{html.escape(page.name)}</a></h{level}><p>{html.escape(page.summary)}</p></li>"
    )


@register.simple_tag
def url_to(viewname):
    """{% url %} for URLs without arguments (navigation, calls to action), memoized."""
    return cached_reverse(viewname)
