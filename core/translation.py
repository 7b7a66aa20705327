"""The owner's words about the clinic, per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ClinicIdentity


@register(ClinicIdentity)
class ClinicIdentityTranslation(TranslationOptions):
    fields = ("headline", "lead", "primary_action", "secondary_action", "description", "image_alt")
