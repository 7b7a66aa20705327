"""Content fields kept per language (django-modeltranslation): a column per language.

Slugs are not translated: a page keeps one address, under /es/ for Spanish. A unique
name's untranslated column holds NULL, not "", so many pages can lack a Spanish name.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Condition, ConditionFAQ, Treatment

PAGE_FIELDS = ("name", "summary", "seo_title", "seo_description", "image_alt")


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = (
        *PAGE_FIELDS,
        "associated_anatomy",
        "overview",
        "causes",
        "symptoms",
        "diagnosis",
        "treatment_approach",
    )
    empty_values = {"name": None}


@register(Treatment)
class TreatmentTranslation(TranslationOptions):
    fields = (*PAGE_FIELDS, "description", "what_to_expect")
    empty_values = {"name": None}


@register(ConditionFAQ)
class ConditionFAQTranslation(TranslationOptions):
    fields = ("question", "answer")
