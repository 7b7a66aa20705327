"""Template helpers available in every template (registered as builtins in settings)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.markdown import render_markdown
from core.structured_data import SCHEMA_CONTEXT, breadcrumb_list

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def markdown(text):
    """Staff Markdown as sanitized HTML (see core.markdown)."""
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


@register.inclusion_tag("components/cards.html")
def cards(pages, heading_level=3):
    """A list of cards, each linking to a page (a condition, a treatment...) with its
    summary. Pages come from a queryset's cards() (see conditions.models.CARD_FIELDS)."""
    return {"pages": pages, "heading_level": heading_level}


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each site language: code, name and path, for hreflang and the switcher.

    A content page names the languages it is written in (`page_languages`); other pages
    exist in every language. The page being shown is always one of them (an untranslated
    page shows the English text, marked noindex). Pages no URL pattern matched have none.
    """
    request = context.get("request")
    if getattr(request, "resolver_match", None) is None:
        return []
    available = context.get("page_languages")
    current = get_language()
    return [
        {"code": code, "name": name, "path": translate_url(request.path, code)}
        for code, name in settings.LANGUAGES
        if available is None or code in available or code == current
    ]
