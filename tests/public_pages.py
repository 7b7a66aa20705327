"""The public pages that the site-wide guard tests visit (HTML validity and the browser
tests), each with a name for failure messages. They need the demo content
(`manage.py load_demo_content`)."""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class PublicPage:
    name: str
    path: str
    status: int = 200
    # The page as shown after sending its form empty: the same address, with errors.
    submit_empty_form: bool = False


PUBLIC_PAGES = (
    PublicPage("home", "/"),
    PublicPage("conditions index", "/conditions/"),
    PublicPage("condition detail", "/conditions/upper-back-pain/"),
    PublicPage("conditions of a body region", "/conditions/region/upper-back/"),
    PublicPage("treatments index", "/treatments/"),
    PublicPage("treatment detail", "/treatments/trigger-point-injections/"),
    PublicPage(
        "conditions a treatment may help", "/treatments/trigger-point-injections/conditions/"
    ),
    PublicPage("search with hits", "/search/?q=back"),
    PublicPage("search without hits", "/search/?q=xylophone"),
    PublicPage("appointment form", "/appointments/"),
    PublicPage("appointment form with errors", "/appointments/", submit_empty_form=True),
    PublicPage("thank-you", "/appointments/thank-you/"),
    PublicPage("privacy notice", "/privacy/"),
    PublicPage("contact", "/contact/"),
    PublicPage("health data request form", "/health-data-request/"),
    PublicPage(
        "health data request form with errors", "/health-data-request/", submit_empty_form=True
    ),
    PublicPage("health data request sent", "/health-data-request/sent/"),
    PublicPage("health data link that cannot be used", "/health-data-request/confirm/", 400),
    PublicPage("contact form with errors", "/contact/", submit_empty_form=True),
    PublicPage("clinicians", "/providers/"),
    PublicPage("clinicians at a location", "/providers/at/springfield-west/"),
    PublicPage("clinicians for a condition", "/providers/for/upper-back-pain/"),
    PublicPage("clinician", "/providers/dr-maya-okafor/"),
    PublicPage("locations", "/locations/"),
    PublicPage("location", "/locations/springfield-downtown/"),
    PublicPage("insurance", "/insurance/"),
    PublicPage("practice page with questions", "/info/patient-faq/"),
    PublicPage("practice page", "/info/about-us/"),
    PublicPage("not found (404)", "/no-such-page/", status=404),
    PublicPage("language assistance", "/language-assistance/"),
    # The same journey in Spanish (issue 17).
    PublicPage("home in Spanish", "/es/"),
    PublicPage("conditions index in Spanish", "/es/conditions/"),
    PublicPage("condition detail in Spanish", "/es/conditions/upper-back-pain/"),
    PublicPage("untranslated condition in Spanish", "/es/conditions/neck-pain/"),
    PublicPage("treatment detail in Spanish", "/es/treatments/trigger-point-injections/"),
    PublicPage("search in Spanish", "/es/search/?q=espalda"),
    PublicPage("appointment form in Spanish", "/es/appointments/"),
    PublicPage(
        "appointment form with errors in Spanish", "/es/appointments/", submit_empty_form=True
    ),
    PublicPage("thank-you in Spanish", "/es/appointments/thank-you/"),
    PublicPage("privacy notice in Spanish", "/es/privacy/"),
    PublicPage("contact in Spanish", "/es/contact/"),
    PublicPage("health data request form in Spanish", "/es/health-data-request/"),
    PublicPage("language assistance in Spanish", "/es/language-assistance/"),
)


def in_both_languages():
    """Every page type above in English and in Spanish (the same path under /es/)."""
    english = [page for page in PUBLIC_PAGES if not page.path.startswith("/es/")]
    spanish = [replace(page, name=f"{page.name} (es)", path=f"/es{page.path}") for page in english]
    return english + spanish
