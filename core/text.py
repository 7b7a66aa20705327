"""Multi-line text as staff type it: one form of line ending, nothing after the end.

Browsers submit a textarea with CRLF line endings (the HTML standard says so), while text
loaded or written in code uses LF: the same words would compare as changed. Every
multi-line field of the content models is a `MultilineTextField`, which stores the text
with LF only and no whitespace at its very end; `normalise` is the same rule for values
compared elsewhere (content_workflow's snapshots). Whitespace inside the text stays:
two spaces at the end of a Markdown line are a line break.
"""

from django import forms
from django.db import models


def normalise(value):
    """`value` with CRLF and CR as LF, and no whitespace at its end; not a string: as is."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").rstrip()


class MultilineFormField(forms.CharField):
    def __init__(self, **kwargs):
        # Django's own stripping would also remove leading whitespace.
        super().__init__(**{**kwargs, "strip": False})

    def to_python(self, value):
        return normalise(super().to_python(value))


class MultilineTextField(models.TextField):
    """A TextField stored normalised, whatever saves it (a form, a loader, a publication)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MultilineFormField, **kwargs})

    def pre_save(self, model_instance, add):
        value = normalise(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value
