"""Tags for condition and treatment pages: their images and their review line."""

from django import template
from django.core.files.storage import default_storage
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext

register = template.Library()


def _srcset(renditions):
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)


@register.simple_tag
def picture(page, sizes="100vw", lazy=True):
    """A page's image as <picture>: WebP with a JPEG fallback, sized to avoid layout shift.

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
def og_image(context, page):
    """Open Graph image tags for sharing: the largest JPEG rendition, if the page has one."""
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


def _long_date(day):
    # "November 25, 2026" in English, "25 de noviembre de 2026" in Spanish.
    return dateformat.format(day, pgettext("long date format", "F j, Y"))


@register.simple_tag
def reviewed(page):
    """Who reviewed the page and when, when it last changed, and that it is not advice.

    A tag rather than an included template: with four date filters, the include was the
    costliest part of a condition page's template (0.15 of 0.6 ms).
    """
    updated = timezone.localtime(page.updated_at)
    review = ""
    if page.last_reviewed and page.reviewed_by:
        review = format_html(
            gettext('Medically reviewed by {reviewer} on <time datetime="{iso}">{date}</time>.')
            + " ",
            reviewer=page.reviewed_by,
            iso=page.last_reviewed.isoformat(),
            date=_long_date(page.last_reviewed),
        )
    return format_html(
        '<p class="reviewed">{}{} {}</p>',
        review,
        format_html(
            gettext('Last updated <time datetime="{iso}">{date}</time>.'),
            iso=updated.isoformat(),
            date=_long_date(updated),
        ),
        gettext(
            "This page gives general information, not medical advice: please talk to a "
            "clinician about your own situation. In an emergency, call 911."
        ),
    )
