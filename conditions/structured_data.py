"""schema.org JSON-LD for condition and treatment pages, built from the models."""

from functools import lru_cache

from django.utils.html import strip_tags
from django.utils.translation import get_language

from core.markdown import render_markdown
from core.structured_data import SCHEMA_CONTEXT, absolute, breadcrumb_list


@lru_cache(maxsize=1024)
def plain_text(markdown_text):
    """Staff Markdown as plain text (for an FAQ answer in JSON-LD), once per text."""
    return strip_tags(render_markdown(markdown_text)).strip()


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
    if page.last_reviewed and page.reviewed_by:
        web_page["lastReviewed"] = page.last_reviewed.isoformat()
        web_page["reviewedBy"] = {"@type": "Person", "name": page.reviewed_by}
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
        graph.append(
            {
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {
                            "@type": "Answer",
                            "text": plain_text(faq.answer),
                        },
                    }
                    for faq in faqs
                ],
            }
        )
    return {"@context": SCHEMA_CONTEXT, "@graph": graph}


def treatment_page(treatment, crumbs):
    therapy = _therapy(treatment)
    therapy["@id"] = therapy["url"] + "#treatment"
    therapy["description"] = treatment.summary
    return {
        "@context": SCHEMA_CONTEXT,
        "@graph": [_web_page(treatment, therapy["@id"]), therapy, breadcrumb_list(crumbs)],
    }
