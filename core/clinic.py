"""The clinic's identity (name, phone, address, hours), built once from settings."""

import re
from dataclasses import dataclass
from datetime import time
from functools import cache, cached_property

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext

DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HOURS_PATTERN = re.compile(
    r"^(?P<first>Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?P<last>Mo|Tu|We|Th|Fr|Sa|Su))?\s+"
    r"(?P<opens>\d{2}:\d{2})-(?P<closes>\d{2}:\d{2})$"
)


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[str, ...]  # full English day names, in week order
    opens: time
    closes: time

    # Day names in the active language come from Django's own catalogue.
    @property
    def days_label(self):
        if len(self.days) == 1:
            return gettext(self.days[0])
        return gettext("%(first)s to %(last)s") % {
            "first": gettext(self.days[0]),
            "last": gettext(self.days[-1]),
        }

    @property
    def times_label(self):
        return gettext("%(first)s to %(last)s") % {
            "first": formats.time_format(self.opens),
            "last": formats.time_format(self.closes),
        }


@dataclass(frozen=True)
class Clinic:
    name: str
    phone: str
    street_address: str
    locality: str
    region: str
    postal_code: str
    country: str
    hours: tuple[OpeningHours, ...]
    directions: str
    callback_promise: str
    logo: str  # a static file's path

    @cached_property  # every page links it several times
    def phone_href(self):
        return tel_uri(self.phone)

    @property
    def open_days(self):
        """English day names (the form's stored values); gettext() gives the label."""
        return [day for day in DAY_NAMES if any(day in spec.days for spec in self.hours)]


def tel_uri(phone):
    """A phone number as a `tel:` URI: digits and a leading plus only."""
    return "tel:" + re.sub(r"[^\d+]", "", phone)


def parse_hours(text):
    """Parse "Mo-Th 08:00-17:00; Fr 08:00-13:00" into OpeningHours, in order."""
    specs = []
    for part in filter(None, (chunk.strip() for chunk in text.split(";"))):
        match = HOURS_PATTERN.match(part)
        if not match:
            raise ValueError(
                f"CLINIC_HOURS: cannot read {part!r}; use e.g. 'Mo-Fr 08:00-17:00; Sa 09:00-12:00'."
            )
        first = DAY_CODES.index(match["first"])
        last = DAY_CODES.index(match["last"] or match["first"])
        if last < first:
            raise ValueError(f"CLINIC_HOURS: {part!r} runs backwards through the week.")
        specs.append(
            OpeningHours(
                days=tuple(DAY_NAMES[first : last + 1]),
                opens=time.fromisoformat(match["opens"]),
                closes=time.fromisoformat(match["closes"]),
            )
        )
    return tuple(specs)


@cache
def get_clinic():
    config = settings.CLINIC
    return Clinic(
        name=config["NAME"],
        phone=config["PHONE"],
        street_address=config["STREET_ADDRESS"],
        locality=config["LOCALITY"],
        region=config["REGION"],
        postal_code=config["POSTAL_CODE"],
        country=config["COUNTRY"],
        hours=parse_hours(config["HOURS"]),
        directions=config["DIRECTIONS"],
        callback_promise=config["CALLBACK_PROMISE"],
        logo=config["LOGO"],
    )
