"""schema.org JSON-LD for condition and treatment pages, built from the models."""

from django.utils.translation import get_language

from core.structured_data import SCHEMA_CONTEXT, absolute, breadcrumb_list, faq_page, medical_review


def _web_page(page, about_id):
    web_page = {
        "@type": "MedicalWebPage",
        "url": absolute(page.get_absolute_url()),
        "name": page.title,
        "description": page.meta_description,
        "about": {"@id": about_id},
        "dateModified": page.updated_at.isoformat(),
        "inLanguage": get_language(),
    }
    web_page.update(medical_review(page))
    return web_page


def _therapy(treatment):
    return {
        "@type": "MedicalTherapy",
        "name": treatment.name,
        "url": absolute(treatment.get_absolute_url()),
    }


def condition_page(condition, treatments, faqs, crumbs):
    condition_id = absolute(condition.get_absolute_url()) + "#condition"
    medical_condition = {
        "@type": "MedicalCondition",
        "@id": condition_id,
        "name": condition.name,
        "description": condition.summary,
        "url": absolute(condition.get_absolute_url()),
    }
    if condition.associated_anatomy:
        medical_condition["associatedAnatomy"] = {
            "@type": "AnatomicalStructure",
            "name": condition.associated_anatomy,
        }
    if treatments:
        medical_condition["possibleTreatment"] = [_therapy(t) for t in treatments]
    graph = [_web_page(condition, condition_id), medical_condition, breadcrumb_list(crumbs)]
    if faqs:
        graph.append(faq_page(faqs))
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def treatment_page(treatment, crumbs):
    therapy = _therapy(treatment)
    therapy["@id"] = therapy["url"] + "#treatment"
    therapy["description"] = treatment.summary
    return {
        "@context": SCHEMA_CONTEXT,
        "@graph": [_web_page(treatment, therapy["@id"]), therapy, breadcrumb_list(crumbs)],
    }
