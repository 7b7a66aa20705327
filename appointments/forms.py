import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conditions.models import Condition
from core.clinic import get_clinic
from practice.models import Location

from .models import AppointmentRequest

# The form offers the featured conditions, not every one: a page every patient loads.
FEATURED_CONDITION_CHOICES = 24

# Invisible characters that make one name display as another or differ from an identical
# one: bidi marks, embeddings, overrides and isolates; zero-width space, word joiner and
# invisible operators; the byte order mark; soft hyphen. Zero-width (non-)joiners
# (U+200C, U+200D) stay: Persian and Indic names and emoji sequences need them.
_INVISIBLE_CHARACTERS = dict.fromkeys(
    [
        0x00AD,
        0x061C,
        0x180E,
        0x200B,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x2070),
        0xFEFF,
        *range(0xFFF9, 0xFFFC),
    ]
)
_PHONE_CHARACTERS = re.compile(r"^[\d\s().\-+/]+$")
_PHONE_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)


def strip_control_characters(value, keep_newlines=False):
    """Remove control characters (null bytes, CR/LF in one-line fields) and invisible ones."""
    if keep_newlines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.translate(_INVISIBLE_CHARACTERS)
    return "".join(
        char
        for char in value
        if unicodedata.category(char) != "Cc" or (keep_newlines and char == "\n")
    )


class PlainTextField(forms.CharField):
    """A CharField that strips control characters before length and other checks."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value, keep_newlines=self.multiline)
        return super().to_python(value)


# Top-level names that never reach the public internet (RFC 2606, 6761, 6762, 8375).
_PRIVATE_TOP_LEVEL_NAMES = {"localhost", "local", "localdomain", "invalid", "test", "example"}
_PRIVATE_TOP_LEVEL_NAMES |= {"internal", "intranet", "lan", "home", "corp", "arpa"}


class PublicAddressValidator(EmailValidator):
    """An address mail from the internet can reach: a dotted public domain name. No IP
    literal (user@[127.0.0.1]), no single name (x@localhost), no private network's name
    (.local, .test ...) and no all-digit top level (x@127.0.0.10)."""

    def __init__(self, **kwargs):
        super().__init__(allowlist=(), **kwargs)

    def validate_domain_part(self, domain_part):
        top_level = domain_part.rsplit(".", 1)[-1].lower()
        return (
            bool(self.domain_regex.match(domain_part))
            and top_level not in _PRIVATE_TOP_LEVEL_NAMES
            and not top_level.isdigit()
        )


class PlainEmailField(forms.EmailField):
    """An EmailField that reads fullwidth and other compatibility forms as the characters
    they look like (NFKC: a fullwidth U+FF20 is "@") and strips control and invisible characters before
    validation; it takes public addresses only."""

    default_validators = [PublicAddressValidator()]

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(unicodedata.normalize("NFKC", value))
        return super().to_python(value)


def normalize_email(email):
    """An address as requests store and match it: trimmed, its domain in lower case (the
    part before the @ is the mail server's to interpret, so it is kept as written)."""
    email = email.strip()
    if "@" in email:
        local, domain = email.rsplit("@", 1)
        email = f"{local}@{domain.lower()}"
    return email


class ChoiceSetField(forms.MultipleChoiceField):
    """Each chosen value once, in the order the choices are listed, however often sent."""

    def clean(self, value):
        chosen = set(super().clean(value))
        return [key for key, _label in self.choices if key in chosen]


def ascii_digits(text):
    """Fullwidth forms as their ASCII look-alikes (NFKC), then every script's digits
    (Arabic-Indic ٠١٢, Devanagari ०१२, ...) as 0-9: one number, one way of writing it."""
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char
        for char in unicodedata.normalize("NFKC", text)
    )


def normalize_phone(raw):
    """Return a phone number in a consistent international form, or raise ValidationError.

    Accepts US numbers written any usual way ((555) 010-0123, 555.010.0123, 1-555-…)
    and any international number starting with + or 00, with an optional extension, in
    any script's digits. The result has ASCII digits only, so the same number typed in two
    scripts is stored, and matched as a possible duplicate, as one.
    """
    raw = ascii_digits(raw)
    extension = ""
    if match := _PHONE_EXTENSION.search(raw):
        extension, raw = match[1], raw[: match.start()]
    raw = raw.strip()
    if not raw or not _PHONE_CHARACTERS.match(raw):
        raise ValidationError(
            _("Enter a phone number using numbers, spaces, brackets or dashes, like 555 010 0123."),
            code="invalid_phone",
        )
    digits = re.sub(r"\D", "", raw)
    international = raw.startswith(("+", "00"))
    if raw.startswith("00"):
        digits = digits[2:]
    if (international and len(digits) == 11 and digits.startswith("1")) or (
        not international and (len(digits) == 10 or (len(digits) == 11 and digits.startswith("1")))
    ):
        national = digits[-10:]
        number = f"+1 {national[:3]}-{national[3:6]}-{national[6:]}"
    elif international:
        if not 7 <= len(digits) <= 15 or digits.startswith("0"):
            raise ValidationError(
                _(
                    "This international number looks too short or too long. Check it, including "
                    "the country code after the +."
                ),
                code="invalid_phone",
            )
        number = "+" + digits
    else:
        raise ValidationError(
            _(
                "Enter a 10-digit phone number, like 555 010 0123, or an international number "
                "starting with +."
            ),
            code="invalid_phone",
        )
    return f"{number} ext. {extension}" if extension else number


class AppointmentRequestForm(forms.ModelForm):
    """The patient's request. In "contact" mode the patient also picks the request type."""

    full_name = PlainTextField(
        label=_("Your full name"),
        max_length=100,
        error_messages={
            "required": _("Enter your name so we know who to ask for."),
            "max_length": _("Your name can be up to 100 characters long."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    phone = PlainTextField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = PlainEmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Enter an email address in the right format, like name@example.com.")
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        ),
    )
    preferred_days = ChoiceSetField(
        label=_("Which days suit you?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that apply. Leave empty if any day is fine."),
    )
    preferred_times = ChoiceSetField(
        label=_("Which times of day suit you?"),
        required=False,
        choices=AppointmentRequest.TimeOfDay,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that apply. Leave empty if any time is fine."),
    )
    condition = forms.ModelChoiceField(
        label=_("What would you like help with?"),
        queryset=Condition.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Not sure, or something else"),
    )
    preferred_location = forms.ModelChoiceField(
        label=_("Which of our locations would you prefer?"),
        queryset=Location.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("No preference"),
    )
    message = PlainTextField(
        label=_("Message"),
        multiline=True,
        max_length=1000,
        required=False,
        error_messages={
            "max_length": _(
                "Your message can be up to 1,000 characters long (it has "
                "%(show_value)d). Please shorten it; we can talk about the details when we call."
            )
        },
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        help_text=(
            _(
                "Up to 1,000 characters. Please do not include detailed medical information: "
                "we will talk about that with you in person."
            )
        ),
    )
    self_pay = forms.TypedChoiceField(
        label=_("Will you pay for your care yourself?"),
        choices=[
            ("yes", _("Yes: I have no health insurance, or I will not use it")),
            ("no", _("No: I will use my health insurance")),
        ],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "If you pay yourself, you have the right to a good faith estimate of the cost "
            "before your visit, and we will send you one."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree to be contacted"),
        error_messages={
            "required": _("Tick the box to agree that we may contact you, so we can reply.")
        },
    )

    class Meta:
        model = AppointmentRequest
        fields = AppointmentRequest.SUBMITTED_FIELDS
        labels = {
            "request_type": _("What would you like?"),
            "preferred_contact": _("How should we contact you?"),
            "patient_status": _("Have you been to the clinic before?"),
        }
        widgets = {
            "request_type": forms.RadioSelect,
            "preferred_contact": forms.RadioSelect,
            "patient_status": forms.RadioSelect,
        }
        error_messages = {
            "patient_status": {
                "required": _("Tell us whether you have been to the clinic before.")
            },
            "preferred_contact": {"required": _("Choose how you would like us to contact you.")},
            "request_type": {
                "required": _("Choose whether you want an appointment or have a question.")
            },
        }

    def __init__(self, *args, mode="appointment", offline=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        if mode == "appointment":
            del self.fields["request_type"]
        else:
            self.fields["request_type"].initial = AppointmentRequest.RequestType.QUESTION
            self.fields["message"].help_text = _(
                "Up to 1,000 characters. Required for a question. Please do not include "
                "detailed medical information."
            )
        self.fields["preferred_days"].choices = [
            (day.lower(), gettext(day)) for day in get_clinic().open_days
        ]
        # The patient's choice of radio button is required, but none is pre-chosen.
        self.fields["patient_status"].choices = list(AppointmentRequest.PatientStatus.choices)
        if offline:
            # The database is not answering: the lists offer only what the patient chose.
            for name in ("condition", "preferred_location"):
                field, chosen = self.fields[name], self.initial.get(name)
                field.choices = [("", field.empty_label)] + ([(chosen, chosen)] if chosen else [])
            return
        self.fields["condition"].queryset = self.condition_choices()
        locations = Location.objects.published().only("name", "slug", "sort_order")
        if len(locations) > 1:
            field = self.fields["preferred_location"]
            field.queryset = locations
            # Choices from the list just read, so showing them costs no second query.
            field.choices = [("", field.empty_label)] + [
                (place.slug, place.name) for place in locations
            ]
        else:  # one location or none: nothing to choose
            del self.fields["preferred_location"]

    def condition_choices(self):
        """The featured conditions (at most FEATURED_CONDITION_CHOICES), and the one the
        patient came from or sent: a short list, however many conditions the site has."""
        chosen = (self.data if self.is_bound else self.initial).get("condition") or ""
        live = Condition.objects.published()
        featured = live.filter(is_featured=True).order_by(*Condition._meta.ordering)
        return live.filter(
            Q(pk__in=featured.values("pk")[:FEATURED_CONDITION_CHOICES]) | Q(slug=str(chosen)[:120])
        ).only("name", "slug", "sort_order")

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return normalize_phone(phone) if phone else ""

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned_data = super().clean()
        phone, email = cleaned_data.get("phone"), cleaned_data.get("email")
        method = cleaned_data.get("preferred_contact")
        if not phone and not email and "phone" not in self.errors and "email" not in self.errors:
            self.add_error(
                "phone", _("Give a phone number or an email address (or both) so we can reply.")
            )
        elif (
            method == AppointmentRequest.ContactMethod.PHONE
            and not phone
            and "phone" not in self.errors
        ):
            self.add_error(
                "phone", _("You chose a phone call: enter a phone number, or choose email.")
            )
        elif (
            method == AppointmentRequest.ContactMethod.EMAIL
            and not email
            and "email" not in self.errors
        ):
            self.add_error(
                "email", _("You chose email: enter an email address, or choose a phone call.")
            )
        if (
            cleaned_data.get("request_type") == AppointmentRequest.RequestType.QUESTION
            and not cleaned_data.get("message")
            and "message" not in self.errors
        ):
            self.add_error("message", _("Write your question in the message box."))
        return cleaned_data


class FrontDeskForm(forms.ModelForm):
    """A request's page in the admin: a self-pay patient is scheduled with the visit's
    date, from which the good faith estimate's deadline is counted (estimates.py)."""

    class Meta:
        model = AppointmentRequest
        fields = ("status", "visit_date", "estimate_asked_on", "estimate_provided_on")

    def clean(self):
        cleaned_data = super().clean()
        today = timezone.localdate()
        visit_date = cleaned_data.get("visit_date")
        if "visit_date" not in self.errors:
            if (
                cleaned_data.get("status") == AppointmentRequest.Status.SCHEDULED
                and self.instance.self_pay
                and not visit_date
            ):
                self.add_error(
                    "visit_date",
                    "This patient will pay for their care themselves: enter the date of the "
                    "visit to schedule them, so the deadline for their good faith estimate "
                    "can be worked out.",
                )
            elif visit_date and "visit_date" in self.changed_data and visit_date < today:
                self.add_error("visit_date", "This date has passed: enter the visit's date.")
        for name in ("estimate_asked_on", "estimate_provided_on"):
            if (day := cleaned_data.get(name)) and day > today:
                self.add_error(name, "This date is in the future: enter the day it happened.")
        return cleaned_data
