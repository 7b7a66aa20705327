"""schema.org JSON-LD shared by every app: absolute URLs, breadcrumbs and the clinic."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

SCHEMA_CONTEXT = "https://schema.org"


def absolute(path):
    return settings.SITE_URL + path


def breadcrumb_trail(*trail):
    """Breadcrumbs from the home page, as name/url dicts for the page and its JSON-LD."""
    home = {"name": gettext("Home"), "url": reverse("home")}
    return [home] + [{"name": name, "url": url} for name, url in trail]


def breadcrumb_list(crumbs):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb["name"],
                "item": absolute(crumb["url"]),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def medical_clinic(clinic):
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "MedicalClinic",
        "@id": absolute("/#clinic"),
        "name": clinic.name,
        "url": absolute("/"),
        "telephone": clinic.phone,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": clinic.country,
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": list(spec.days),
                "opens": spec.opens.strftime("%H:%M"),
                "closes": spec.closes.strftime("%H:%M"),
            }
            for spec in clinic.hours
        ],
        "medicalSpecialty": "PainMedicine",
    }
