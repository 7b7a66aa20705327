"""Template helpers available in every template (registered as builtins in settings)."""

import json

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext

from core.structured_data import SCHEMA_CONTEXT, breadcrumb_list

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


def _long_date(day):
    # "November 25, 2026" in English, "25 de noviembre de 2026" in Spanish.
    return dateformat.format(day, pgettext("long date format", "F j, Y"))


def _reviewer(page):
    """The reviewing clinician, linked to their profile while it is public; or the name
    of a reviewer from outside the team."""
    if page.reviewer_id and page.reviewer.is_live:
        return format_html(
            '<a href="{}">{}</a>', page.reviewer.get_absolute_url(), page.reviewer_credit
        )
    return page.reviewer_credit


@register.simple_tag
def byline(page):
    """ "Medically reviewed by <clinician> on <date>", shown near the page's title; empty
    when the page has no review on record."""
    if not (page.last_reviewed and (page.reviewer_id or page.reviewed_by)):
        return ""
    return format_html(
        '<p class="byline">{}</p>',
        format_html(
            gettext('Medically reviewed by {reviewer} on <time datetime="{iso}">{date}</time>.'),
            reviewer=_reviewer(page),
            iso=page.last_reviewed.isoformat(),
            date=_long_date(page.last_reviewed),
        ),
    )


@register.simple_tag
def reviewed(page):
    """When the page last changed, and that it is not advice: the foot of condition,
    treatment and practice pages. A tag rather than an included template: the include was
    the costliest part of a condition page's template."""
    updated = timezone.localtime(page.updated_at)
    return format_html(
        '<p class="reviewed">{} {}</p>',
        format_html(
            gettext('Last updated <time datetime="{iso}">{date}</time>.'),
            # Whole seconds: the HTML checker refuses a valid-date-string with six
            # fractional digits.
            iso=updated.replace(microsecond=0).isoformat(),
            date=_long_date(updated),
        ),
        gettext(
            "This page gives general information, not medical advice: please talk to a "
            "clinician about your own situation. In an emergency, call 911."
        ),
    )


def _srcset(renditions):
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)


@register.simple_tag
def picture(page, sizes="100vw", lazy=True):
    """A page's (or a clinician's, a location's) image as <picture>: WebP with a JPEG fallback, sized to avoid layout shift.

    Images below the fold load lazily; the hero image (lazy=False) loads at once.
    """
    renditions = page.image_renditions
    if not renditions or not page.image_alt:
        return ""
    fallback = renditions["jpeg"][-1]
    loading = {"loading": "lazy"} if lazy else {"fetchpriority": "high"}
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async"{}>'
        "</picture>",
        _srcset(renditions["webp"]),
        sizes,
        default_storage.url(fallback["name"]),
        _srcset(renditions["jpeg"]),
        sizes,
        fallback["width"],
        fallback["height"],
        page.image_alt,
        format_html_join("", ' {}="{}"', loading.items()),
    )


@register.simple_tag(takes_context=True)
def og_image(context, page=None):
    """Open Graph image tags for sharing: the largest JPEG rendition of the page's own
    picture, else of the clinic's default one (its identity), if there is one."""
    if page is None or not page.image_renditions:
        page = context["clinic"]
    if not page.image_renditions:
        return ""
    largest = page.image_renditions["jpeg"][-1]
    url = default_storage.url(largest["name"])
    if url.startswith("/"):
        url = context["site_url"] + url
    return format_html(
        '<meta property="og:image" content="{}"><meta property="og:image:alt" content="{}">',
        url,
        page.image_alt,
    )
