from django import forms
from django.utils.translation import gettext_lazy as _

from appointments.forms import PlainEmailField, normalize_email

from .models import HealthDataRequest


class HealthDataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=HealthDataRequest.Kind,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you would like us to do."),
            "invalid_choice": _("Choose what you would like us to do."),
        },
    )
    email = PlainEmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_(
            "We will send a link to this address. Your request counts only once you open "
            "the link and confirm it, and it covers what you sent us from this address."
        ),
        error_messages={
            "required": _("Enter your email address, so we can send you the link to confirm."),
            "invalid": _("Enter an email address in the right format, like name@example.com."),
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        ),
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])
