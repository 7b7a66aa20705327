"""A page as data: its own fields, its related pages and its inline rows, as JSON.

A page model opts in when its app registers it (`register()`, in the app's ready()), and
declares two class attributes:

- `REVISION_INLINES`: {related name: (field names)} of the rows edited inline with it;
- `NON_MEDICAL_FIELDS`: the fields an editor may publish without a clinician's sign-off.

Every other field and inline counts as medical, so a field added later needs a
clinician's approval without anyone remembering to list it.

A field kept per language (django-modeltranslation) is recorded as its column in each
language (`overview_en`, `overview_es`), on the page and on its inline rows alike: its own
attribute reads only the active language. Its columns are medical or not as the field
is: a Spanish `overview_es` needs a clinician, a Spanish `seo_title_es` does not.
"""

import difflib
import json
from datetime import UTC, datetime

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from modeltranslation.translator import NotRegistered, translator

from core import text

# Set by a clinician's approval, never typed by an editor.
REVIEW_FIELDS = (
    "reviewer",
    "reviewed_by",
    "reviewer_credentials",
    "last_reviewed",
    "next_review_due",
)
# Unchanged lines shown around a change on the review screen.
CONTEXT_LINES = 1


_page_models = []


def register(*models):
    """Put page models in the workflow: drafts, sign-off, versions, review reminders.

    A deleted page's versions are kept for a while (content_workflow.models.keep_versions;
    a GenericRelation would delete them with it)."""
    from .models import keep_versions

    for model in models:
        if model not in _page_models:
            _page_models.append(model)
        post_delete.connect(
            keep_versions, sender=model, dispatch_uid=f"versions-{model._meta.label}"
        )


def page_models():
    """The models registered."""
    return list(_page_models)


def _as_json(data):
    # What the JSONField will hold: dates as strings, so snapshots compare equal.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _translated(model):
    """{field name: [its column per language]} for the model's translated fields."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        name: [column.name for column in columns] for name, columns in options.all_fields.items()
    }


def per_language(model, names):
    """`names`, each translated field replaced by its column in every language."""
    translated = _translated(model)
    return [column for name in names for column in translated.get(name, [name])]


def row_fields(model, name):
    """The fields a version records of the rows of the inline `name`."""
    related_model = getattr(model, name).rel.related_model
    return per_language(related_model, model.REVISION_INLINES[name])


def page_fields(model):
    """The fields a version records: what staff edit on the page itself (a translated
    field through its columns per language)."""
    translated = _translated(model)
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and (field.concrete or field.many_to_many)
        and not (field.many_to_many and not field.remote_field.through._meta.auto_created)
        and field.name not in translated
    ]


def _serialize(objects, fields):
    if not objects:
        return []
    # A language's column left empty holds NULL or "" (the admin posts ""): the same.
    columns = {column for names in _translated(type(objects[0])).values() for column in names}
    return [
        {
            name: None if name in columns and value == "" else _comparable(value)
            for name, value in item["fields"].items()
        }
        for item in serializers.serialize("python", objects, fields=fields)
    ]


def _comparable(value):
    # Date-times in UTC and whole seconds (what the admin's fields post), so the same
    # moment from a form and from the database is the same value; text as core.text
    # stores it, so a browser's CRLF line endings are no change.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(microsecond=0)
    return text.normalise(value)


def _normalised(data):
    """A snapshot (or part of one) with its text normalised (core.text): versions saved
    before text was normalised compare by what they say, not by their line endings."""
    if isinstance(data, dict):
        return {key: _normalised(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_normalised(value) for value in data]
    return text.normalise(data)


def take(page, *, related=None, inlines=None):
    """The page's snapshot. `related` ({m2m name: [pks]}) and `inlines` ({name: [unsaved
    rows]}) stand in for what the database holds, for a form not saved to the page."""
    model = type(page)
    fields = _serialize([page], [field.name for field in page_fields(model)])[0]
    fields.update(related or {})
    rows = {}
    for name in model.REVISION_INLINES:
        objects = (inlines or {}).get(name)
        if objects is None:
            objects = list(getattr(page, name).all())
        rows[name] = _serialize(objects, row_fields(model, name))
    return _as_json({"fields": fields, "inlines": rows})


def build(model, pk, snapshot):
    """The page as the snapshot has it (unsaved), its related pks and its inline rows."""
    (page,) = serializers.deserialize(
        "python",
        [{"model": model._meta.label_lower, "pk": pk, "fields": snapshot["fields"]}],
        ignorenonexistent=True,
    )
    inlines = {}
    for name, rows in snapshot["inlines"].items():
        related_model = getattr(model, name).rel.related_model
        inlines[name] = [
            item.object
            for item in serializers.deserialize(
                "python",
                [{"model": related_model._meta.label_lower, "fields": row} for row in rows],
                ignorenonexistent=True,
            )
        ]
    return page.object, page.m2m_data, inlines


def apply_fields(target, snapshot):
    """Copy the snapshot's own fields onto `target` (in memory)."""
    source, _related, _inlines = build(type(target), target.pk, snapshot)
    for field in page_fields(type(target)):
        if not field.many_to_many and field.name in snapshot["fields"]:
            setattr(target, field.attname, getattr(source, field.attname))
    return target


def missing_references(model, snapshot):
    """The rows the snapshot links to that no longer exist (a treatment it lists, deleted
    since the draft was saved), as "treatment #12": publishing it would break a foreign
    key. One query per kind of link."""
    links = []  # (related model, pks)
    for field in page_fields(model):
        if field.is_relation and snapshot["fields"].get(field.name) is not None:
            value = snapshot["fields"][field.name]
            links.append((field.related_model, value if field.many_to_many else [value]))
    for name, rows in snapshot["inlines"].items():
        related_model = getattr(model, name).rel.related_model
        for field in map(related_model._meta.get_field, row_fields(model, name)):
            if field.many_to_one:
                links.append((field.related_model, [row.get(field.name) for row in rows]))
    missing = []
    for related_model, pks in links:
        wanted = {pk for pk in pks if pk is not None}
        if not wanted:
            continue
        found = set(related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True))
        missing += [f"{related_model._meta.verbose_name} #{pk}" for pk in sorted(wanted - found)]
    return missing


def changed_keys(old, new):
    """Names of the fields and inlines that differ between two snapshots."""
    old, new = _normalised(old), _normalised(new)
    keys = {
        name
        for name in old["fields"].keys() | new["fields"].keys()
        if old["fields"].get(name) != new["fields"].get(name)
    }
    keys |= {
        name
        for name in old["inlines"].keys() | new["inlines"].keys()
        if old["inlines"].get(name) != new["inlines"].get(name)
    }
    return keys


def medical_changes(model, old, new):
    """What changed that only a clinician may publish (see the module's docstring)."""
    not_medical = per_language(model, [*model.NON_MEDICAL_FIELDS, *REVIEW_FIELDS])
    return changed_keys(old, new) - set(not_medical)


def _display_value(field, value):
    if value in (None, ""):
        return ""
    if field.many_to_many or field.many_to_one:
        pks = value if isinstance(value, list) else [value]
        names = {obj.pk: str(obj) for obj in field.related_model.objects.filter(pk__in=pks)}
        return "\n".join(names.get(pk, f"(deleted #{pk})") for pk in pks)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return f"{timezone.localtime(parse_datetime(value)):%Y-%m-%d %H:%M}"
    return str(value)


def _as_lines(model, key, snapshot):
    # A page's own field, or else an inline's rows; either side may lack it (a page never
    # published is compared with nothing).
    if key in {field.name for field in page_fields(model)}:
        field = model._meta.get_field(key)
        return _display_value(field, snapshot["fields"].get(key)).splitlines()
    related_model = getattr(model, key).rel.related_model
    lines = []
    for number, row in enumerate(snapshot["inlines"].get(key, []), start=1):
        lines.append(f"— {number} —")
        for name, value in row.items():
            field = related_model._meta.get_field(name)
            lines.append(f"{field.verbose_name}: {_display_value(field, value)}")
    return lines


def _label(model, key):
    if key in {field.name for field in page_fields(model)}:
        return model._meta.get_field(key).verbose_name
    return getattr(model, key).rel.related_model._meta.verbose_name_plural


def _changed_lines(old, new):
    """The lines that differ, each with CONTEXT_LINES unchanged lines around it, marked
    "-", "+" or " "; "…" stands for unchanged lines left out."""
    lines = []
    end = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        if group[0][1] > end:
            lines.append(("…", ""))
        for tag, old_start, old_end, new_start, new_end in group:
            if tag == "equal":
                lines += [(" ", line) for line in old[old_start:old_end]]
                continue
            lines += [("-", line) for line in old[old_start:old_end]]
            lines += [("+", line) for line in new[new_start:new_end]]
        end = group[-1][2]
    if end < len(old):
        lines.append(("…", ""))
    return lines


def compare(model, old, new):
    """What changed from `old` to `new`, field by field: only the lines that changed, with
    a line of context (plain text: templates escape it)."""
    old, new = _normalised(old), _normalised(new)
    medical = medical_changes(model, old, new)
    order = [field.name for field in page_fields(model)] + list(model.REVISION_INLINES)
    changes = []
    for key in sorted(changed_keys(old, new), key=lambda key: [*order, key].index(key)):
        lines = _changed_lines(_as_lines(model, key, old), _as_lines(model, key, new))
        changes.append({"label": _label(model, key), "medical": key in medical, "lines": lines})
    return changes
