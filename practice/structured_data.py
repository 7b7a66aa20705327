"""schema.org JSON-LD for the practice's pages: clinicians as Person, each location as a
MedicalClinic with its opening hours, practice pages with their questions."""

from core.clinic import DAY_NAMES
from core.structured_data import (
    SCHEMA_CONTEXT,
    absolute,
    breadcrumb_list,
    faq_page,
    medical_review,
    person,
)


def _hhmm(value):
    return value.strftime("%H:%M")


def medical_clinic(location):
    """A location, reading its prefetched `opening_hours` and `special_hours`."""
    return {
        "@type": "MedicalClinic",
        "@id": absolute(location.get_absolute_url()) + "#clinic",
        "name": location.name,
        "url": absolute(location.get_absolute_url()),
        "telephone": location.phone,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street_address,
            "addressLocality": location.locality,
            "addressRegion": location.region,
            "postalCode": location.postal_code,
            "addressCountry": location.country,
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": DAY_NAMES[hours.weekday],
                "opens": _hhmm(hours.opens),
                "closes": _hhmm(hours.closes),
            }
            for hours in location.opening_hours.all()
        ],
        "specialOpeningHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "validFrom": day.date.isoformat(),
                "validThrough": day.date.isoformat(),
                # schema.org's way of saying "closed all day".
                "opens": _hhmm(day.opens) if day.opens else "00:00",
                "closes": _hhmm(day.closes) if day.closes else "00:00",
            }
            for day in location.special_hours.all()
        ],
        "medicalSpecialty": "PainMedicine",
        # The clinic as a whole, as the home page describes it.
        "parentOrganization": {"@id": absolute("/#clinic")},
    }


def list_page(crumbs, entities=()):
    return {"@context": SCHEMA_CONTEXT, "@graph": [*entities, breadcrumb_list(crumbs)]}


def clinician_page(clinician, crumbs):
    data = person(clinician)
    data["knowsLanguage"] = clinician.language_list
    data["workLocation"] = [
        {"@id": absolute(location.get_absolute_url()) + "#clinic"}
        for location in clinician.locations.all()
    ]
    if clinician.summary:
        data["description"] = clinician.summary
    return list_page(crumbs, [data])


def site_page(page, crumbs):
    url = absolute(page.get_absolute_url())
    web_page = {
        "@type": "WebPage",
        "url": url,
        "name": page.title,
        "description": page.meta_description,
        "dateModified": page.updated_at.isoformat(),
    }
    web_page.update(medical_review(page))
    graph = [web_page, breadcrumb_list(crumbs)]
    questions = page.questions.all()
    if questions:
        graph.append(faq_page(questions))
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}
