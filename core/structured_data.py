"""schema.org JSON-LD shared by every app: absolute URLs, breadcrumbs and the clinic."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
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


def faq_page(faqs):
    """An FAQPage from anything with a `question` and a Markdown `answer` (stored as HTML:
    core.markdown.RenderedMarkdown)."""
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(faq.html.answer).strip()},
            }
            for faq in faqs
        ],
    }


def person(clinician, credentials=None):
    """A clinician as schema.org sees them. schema.org's Physician is an organization (a
    practice), so a clinician is a Person with a job title and credentials (theirs now,
    or `credentials`: those a page recorded at their sign-off)."""
    url = absolute(clinician.get_absolute_url())
    data = {"@type": "Person", "@id": url + "#person", "name": clinician.name, "url": url}
    if clinician.role:
        data["jobTitle"] = clinician.role
    if credentials is None:
        credentials = clinician.credentials
    credentials = [c.strip() for c in credentials.split(",") if c.strip()]
    if credentials:
        data["hasCredential"] = [
            {"@type": "EducationalOccupationalCredential", "name": credential}
            for credential in credentials
        ]
    return data


def medical_review(page):
    """A reviewed page's `lastReviewed` and `reviewedBy`: the clinician (with a link while
    their profile is public), or the name of a reviewer from outside the team."""
    if not page.last_reviewed:
        return {}
    if page.reviewer_id and page.reviewer.is_live:
        by = person(page.reviewer, credentials=page.reviewer_credentials)
    elif page.reviewer_credit:
        by = {"@type": "Person", "name": page.reviewer_credit}
    else:
        return {}
    return {"lastReviewed": page.last_reviewed.isoformat(), "reviewedBy": by}
