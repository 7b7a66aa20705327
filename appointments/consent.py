"""The consent a patient gives on the form, and the receipt stored with each request.

Change PRIVACY_NOTICE_VERSION whenever the privacy notice changes, and the consent
wording here whenever it changes: each request records exactly what its sender saw.
"""

import hashlib

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

PRIVACY_NOTICE_VERSION = "2026-12-07"
# The form shows this in the patient's language; the receipt hashes the English
# original, and each request records the language it was sent in.
CONSENT_TEXT = _(
    "I agree that the clinic may contact me about this request (and, if I pay for my care "
    "myself, about a good faith estimate of its cost) by the phone number or email address I "
    "have given, and I have read the privacy notice."
)
with override("en"):
    CONSENT_RECEIPT = (
        f"privacy-notice:{PRIVACY_NOTICE_VERSION};"
        f"consent:{hashlib.sha256(str(CONSENT_TEXT).encode()).hexdigest()[:12]}"
    )
