"""Password rules Django's own validators leave out."""

from django.conf import settings
from django.core.exceptions import ValidationError

MIN_DISTINCT_CHARACTERS = 4


def letters_and_digits(text):
    """Lower-cased, without spaces or punctuation: "Riverside-Pain management" is found."""
    return "".join(char for char in text.casefold() if char.isalnum())


class PasswordVarietyValidator:
    """Refuse passwords of too few different characters ("aaaaaaaaaaaa", "abababab...")
    and any that contain the clinic's own name, the first word an attacker tries."""

    def validate(self, password, user=None):
        if len(set(password.casefold())) < MIN_DISTINCT_CHARACTERS:
            raise ValidationError(
                "This password repeats too few characters. Use at least "
                f"{MIN_DISTINCT_CHARACTERS} different ones, for example a few unrelated words.",
                code="password_too_repetitive",
            )
        clinic_name = letters_and_digits(settings.CLINIC["NAME"])
        if clinic_name and clinic_name in letters_and_digits(password):
            raise ValidationError(
                "This password contains the clinic's name. Choose one that does not.",
                code="password_contains_clinic_name",
            )

    def get_help_text(self):
        return (
            f"Your password must use at least {MIN_DISTINCT_CHARACTERS} different characters "
            "and must not contain the clinic's name."
        )
