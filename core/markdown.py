"""Staff-written Markdown to sanitized HTML: the one way stored text reaches a page.

The HTML is made when a page is written and stored beside its source (`RenderedMarkdown`),
the way djangoproject.com keeps its blog entries' HTML: a page view renders no Markdown.
After a change to the sanitizer or the Markdown settings here, `manage.py
rebuild_markdown_html` writes every page's HTML again.
"""

import hashlib
import re

import markdown as markdown_lib
import nh3
from django.db import models
from django.utils.safestring import mark_safe
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language

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
# The help text under every field written in Markdown.
MARKDOWN_HELP = (
    "Plain text. Leave a blank line between paragraphs; start lines with '- ' for a "
    "bulleted list; **double asterisks** make text bold. HTML is not allowed and is removed."
)


def render_markdown(text):
    """Markdown to HTML that nh3 has sanitized.

    Raw HTML in the text is not trusted: nh3 keeps only the tags and attributes listed
    here (no images, scripts, styles or event handlers).
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


def _digest(text):
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def stored_html(instance, columns):
    """What `rendered_html` holds for these columns of the instance (also for migrations,
    which have no model methods)."""
    return {
        column: [_digest(text := getattr(instance, column) or ""), render_markdown(text)]
        for column in columns
    }


def _translated(model):
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


def markdown_columns(model):
    """The columns of the model's MARKDOWN_FIELDS: one per language for a translated field
    (django-modeltranslation), else the field itself."""
    translated = _translated(model)
    return [
        column.name if name in translated else name
        for name in model.MARKDOWN_FIELDS
        for column in translated.get(name, [name])
    ]


class RenderedMarkdown(models.Model):
    """A model whose MARKDOWN_FIELDS are shown as HTML: `obj.html.<field>` in the active
    language (falling back to English as the text does).

    `rendered_html` holds, per column, the HTML and a digest of the text it was made from.
    Every save writes it; code that writes rows without save() (bulk_create, update) calls
    `render_markdown_fields()` or runs `rebuild_markdown_html`. A text that does not match
    its digest (a preview of a draft, unsaved) is rendered when shown.
    """

    MARKDOWN_FIELDS = ()

    rendered_html = models.JSONField(default=dict, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        self.render_markdown_fields()
        if update_fields is not None:
            update_fields = {*update_fields, "rendered_html"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def render_markdown_fields(self):
        self.rendered_html = stored_html(self, markdown_columns(type(self)))

    @property
    def html(self):
        return _Html(self)


class _Html:
    def __init__(self, instance):
        self._instance = instance

    def __getattr__(self, name):
        instance = self._instance
        if name not in instance.MARKDOWN_FIELDS:
            raise AttributeError(name)
        text = getattr(instance, name) or ""
        column = name
        if name in _translated(type(instance)):  # the column shown, as modeltranslation picks
            column = next(
                (
                    localized
                    for language in (get_language(), "en")
                    if getattr(instance, localized := build_localized_fieldname(name, language))
                ),
                build_localized_fieldname(name, "en"),
            )
        stored = instance.rendered_html.get(column)
        if stored and stored[0] == _digest(text):
            return mark_safe(stored[1])  # noqa: S308 - sanitized by nh3 when it was stored
        return render_markdown(text)


def rendered(objects):
    """`objects`, each with its HTML made: for bulk_create, which calls no save()."""
    for instance in objects:
        instance.render_markdown_fields()
        yield instance


def rebuild_rendered_html(queryset, batch_size=500):
    """Write the stored HTML of every row again (after a bulk update, or a change to the
    sanitizer); sends no signals, so the caller retires cached pages. How many rows."""
    model, batch, count = queryset.model, [], 0
    for instance in rendered(queryset.iterator(chunk_size=batch_size)):
        batch.append(instance)
        if len(batch) == batch_size:
            model.objects.bulk_update(batch, ["rendered_html"])
            count, batch = count + len(batch), []
    model.objects.bulk_update(batch, ["rendered_html"])
    return count + len(batch)
