"""The clinic's identity: what the owner edits in the admin (name, logo, phone, the home
page's words; core.models.ClinicIdentity) over the environment's CLINIC_* values (the
address and hours, and the first-run defaults).

The owner's last saved values are kept in the shared cache and in each process, so a
page costs no query for them once read, and the error page shown while the database is
down still has the phone number the owner entered.
"""

import logging
import re
from dataclasses import dataclass, field
from datetime import time
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import formats
from django.utils.translation import get_language, gettext

logger = logging.getLogger(__name__)

IDENTITY_CACHE_KEY = "clinic-identity"
# How long the shared cache keeps them: a save whose news the cache missed (down at that
# moment) shows everywhere within this time, like a missed content change (the sweep).
IDENTITY_CACHE_SECONDS = 60

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
    short_name: str = ""
    email: str = ""
    # The owner's logo: {"name", "width", "height"} of its rendition; empty for the
    # project's own (the static file CLINIC_LOGO names).
    logo_rendition: dict = field(default_factory=dict)
    static_logo: str = "img/logo.svg"
    # Words per language: {"headline": {"en": ..., "es": ...}, ...}.
    texts: dict = field(default_factory=dict)
    social_image: dict = field(default_factory=dict)

    @cached_property  # every page links it several times
    def phone_href(self):
        return tel_uri(self.phone)

    def text(self, name):
        """One of the owner's texts in the page's language, or else in English."""
        values = self.texts.get(name, {})
        return values.get(get_language() or "en") or values.get("en", "")

    headline = property(lambda self: self.text("headline"))
    lead = property(lambda self: self.text("lead"))
    primary_action = property(lambda self: self.text("primary_action"))
    secondary_action = property(lambda self: self.text("secondary_action"))
    description = property(lambda self: self.text("description"))
    # The default picture for sharing, read as a page's own (the og_image tag).
    image_alt = property(lambda self: self.text("image_alt"))

    @property
    def image_renditions(self):
        return self.social_image

    @property
    def logo(self):
        """The logo to show: its address, width and height in CSS pixels."""
        if self.logo_rendition:
            rendition = self.logo_rendition
            return {**rendition, "url": default_storage.url(rendition["name"])}
        return {"static": self.static_logo, "width": 40, "height": 40}

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


# Which of ClinicIdentity's columns become the Clinic's words, per language.
TRANSLATED = ("headline", "lead", "primary_action", "secondary_action", "description", "image_alt")
# The last values this process read: what pages show while the database and the cache
# are both out of reach.
_last_read = {}


def identity_columns():
    codes = [code for code, _name in settings.LANGUAGES]
    plain = ["name", "short_name", "phone", "email", "logo_rendition", "image_renditions"]
    return plain + [f"{name}_{code}" for name in TRANSLATED for code in codes]


def read_identity(from_database=True):
    """The owner's saved values (a dict of ClinicIdentity's columns; empty before the first
    save): from the shared cache, else one query (unless `from_database` is false, as for
    the error pages, which must not wait on a database that may be what failed), else what
    this process read last."""
    values = _from_cache()
    if values is None and not from_database:
        return dict(_last_read)
    if values is None:
        from .models import ClinicIdentity

        try:
            values = ClinicIdentity.objects.filter(pk=1).values(*identity_columns()).first() or {}
        except DatabaseError:
            logger.warning("clinic identity: database unavailable, showing the last values read")
            return dict(_last_read)
        _to_cache(values)
    _last_read.clear()
    _last_read.update(values)
    return values


def remember_identity(identity):
    """After the owner saves: the new values for every process (the cache) and this one."""
    values = {column: getattr(identity, column) for column in identity_columns()}
    _to_cache(values)
    _last_read.clear()
    _last_read.update(values)


def remember_identity_on_commit(sender, instance, **kwargs):
    """Signal receiver (core/apps.py): once the owner's save commits, every process shows
    the new values."""
    transaction.on_commit(lambda: remember_identity(instance))


# The cache is a shortcut, never a requirement: whatever error its backend raises (the
# database cache's table missing, Redis unreachable), the values come from elsewhere.
def _from_cache():
    try:
        return cache.get(IDENTITY_CACHE_KEY)
    except Exception:
        logger.warning("clinic identity: cache unavailable")
        return None


def _to_cache(values):
    try:
        cache.set(IDENTITY_CACHE_KEY, values, IDENTITY_CACHE_SECONDS)
    except Exception:
        logger.warning("clinic identity: cache unavailable")


_built = {}


def get_clinic(from_database=True):
    """The clinic as pages show it now (built again only when the saved values change)."""
    saved = read_identity(from_database)
    if _built.get("from") != saved or _built.get("config") is not settings.CLINIC:
        _built.update({"from": dict(saved), "config": settings.CLINIC})
        _built["clinic"] = build_clinic(saved)
    return _built["clinic"]


def build_clinic(saved):
    config = settings.CLINIC
    codes = [code for code, _name in settings.LANGUAGES]
    return Clinic(
        name=saved.get("name") or config["NAME"],
        phone=saved.get("phone") or config["PHONE"],
        street_address=config["STREET_ADDRESS"],
        locality=config["LOCALITY"],
        region=config["REGION"],
        postal_code=config["POSTAL_CODE"],
        country=config["COUNTRY"],
        hours=parse_hours(config["HOURS"]),
        directions=config["DIRECTIONS"],
        callback_promise=config["CALLBACK_PROMISE"],
        short_name=saved.get("short_name") or "",
        email=saved.get("email") or "",
        logo_rendition=saved.get("logo_rendition") or {},
        static_logo=config["LOGO"],
        texts={
            name: {code: saved.get(f"{name}_{code}") or "" for code in codes} for name in TRANSLATED
        }
        if saved
        else default_texts(),
        social_image=saved.get("image_renditions") or {},
    )


def default_texts():
    """The words a new site starts with (before the owner first saves), per language."""
    from .models import IDENTITY_TEXTS

    codes = [code for code, _name in settings.LANGUAGES]
    return {name: dict(zip(codes, texts, strict=False)) for name, texts in IDENTITY_TEXTS.items()}
