"""Spanish beside English (issue 17): the URL decides the language, and nothing else."""

import json
import re
from datetime import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from appointments.models import AppointmentRequest
from conditions.models import Condition
from language_help.models import Tagline

from .factories import (
    ClinicianFactory,
    ConditionFactory,
    FAQFactory,
    LocationFactory,
    OpeningHoursFactory,
    form_data,
)

pytestmark = pytest.mark.django_db


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_english_at_the_root_and_spanish_under_es(client):
    english = client.get("/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    spanish = client.get("/es/")
    assert spanish.status_code == 200
    assert '<html lang="es">' in spanish.content.decode()
    assert spanish["Content-Language"] == "es"
    with translation.override("es"):
        assert reverse("conditions:condition_list") == "/es/conditions/"
    assert client.get("/en/").status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "es"},
        {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"},
        {"HTTP_COOKIE": "django_language=es"},
    ],
)
def test_unprefixed_urls_are_english_whatever_the_browser_prefers(client, headers):
    response = client.get("/conditions/", **headers)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert not response.cookies


def test_the_admin_stays_unprefixed_and_in_english(client, superuser):
    client.force_login(superuser)
    assert client.get("/es/admin/").status_code == 404
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_every_page_names_its_versions_and_links_the_other_language(client, condition):
    for english_path, spanish_path in (
        ("/", "/es/"),
        ("/conditions/", "/es/conditions/"),
        ("/conditions/upper-back-pain/", "/es/conditions/upper-back-pain/"),
        ("/appointments/", "/es/appointments/"),
    ):
        condition.name_es = "Dolor en la parte superior de la espalda"
        condition.save()
        for path, other in ((english_path, spanish_path), (spanish_path, english_path)):
            html = client.get(path).content.decode()
            assert alternates(html) == {
                "en": f"{settings.SITE_URL}{english_path}",
                "x-default": f"{settings.SITE_URL}{english_path}",
                "es": f"{settings.SITE_URL}{spanish_path}",
            }, path
            assert f'<a href="{other}" hreflang=' in html, path


def test_an_untranslated_page_shows_english_under_es_with_a_notice_and_noindex(client):
    ConditionFactory(name="Knee Pain", slug="knee-pain", summary="Pain in the knee.")
    spanish = client.get("/es/conditions/knee-pain/").content.decode()
    assert '<html lang="es">' in spanish
    assert "Knee Pain" in spanish
    assert '<meta name="robots" content="noindex, follow">' in spanish
    assert "untranslated-notice" in spanish
    # The English page does not point search engines at the stand-in.
    english = client.get("/conditions/knee-pain/").content.decode()
    assert "noindex" not in english
    assert "untranslated-notice" not in english
    assert set(alternates(english)) == {"en", "x-default"}


def test_a_translated_page_shows_its_spanish_text(client):
    ConditionFactory(
        slug="knee-pain",
        name="Knee Pain",
        name_es="Dolor de rodilla",
        summary_es="Dolor en la rodilla.",
        overview_es="Texto en español.",
    )
    html = client.get("/es/conditions/knee-pain/").content.decode()
    assert "<h1>Dolor de rodilla</h1>" in html or ">Dolor de rodilla</h1>" in html
    assert "Texto en español." in html
    assert "noindex" not in html
    assert "Dolor de rodilla" not in client.get("/conditions/knee-pain/").content.decode()


@pytest.mark.parametrize("first", ["/", "/es/"])
def test_the_page_cache_keeps_each_language_apart(client, page_cache, condition, first):
    """Whichever language is cached first, the other URL never gets it."""
    condition.name_es = "Dolor de espalda alta"
    condition.save()
    cache.clear()
    paths = {
        "/": "en",
        "/es/": "es",
        "/conditions/upper-back-pain/": "en",
        "/es/conditions/upper-back-pain/": "es",
    }
    order = sorted(paths, key=lambda path: not path.startswith(first))
    for _round in ("miss", "hit"):
        for path in order:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="es" if paths[path] == "en" else "en")
            assert response["X-Cache"] == _round, path
            assert f'<html lang="{paths[path]}">' in response.content.decode(), path


def test_a_request_records_the_language_of_its_form_for_the_front_desk(client, superuser):
    for path, language in (("/es/appointments/", "es"), ("/appointments/", "en")):
        response = client.post(path, form_data(full_name=f"Paciente {language}"))
        assert response.status_code == 302, path
        stored = AppointmentRequest.objects.get(full_name=f"Paciente {language}")
        assert stored.language == language
    # The Spanish thank-you page follows a Spanish form.
    assert client.post("/es/appointments/", form_data(full_name="Otra"))["Location"] == (
        "/es/appointments/thank-you/"
    )
    client.force_login(superuser)
    listing = client.get("/admin/appointments/appointmentrequest/?language__exact=es")
    html = listing.content.decode()
    assert "Paciente es" in html
    assert "Paciente en" not in html
    assert "Español" in html


def test_the_sitemap_lists_each_language_with_alternates_and_leaves_out_untranslated_pages(
    client, condition
):
    ConditionFactory(name="Knee Pain", slug="knee-pain", name_es="Dolor de rodilla")
    site = settings.SITE_URL
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert f"{site}/sitemap-conditions.xml" in sections
    xml = "".join(client.get(section.removeprefix(site)).content.decode() for section in sections)
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert f"{site}/es/" in locations
    assert f"{site}/" in locations
    assert f"{site}/es/conditions/knee-pain/" in locations
    assert f"{site}/conditions/upper-back-pain/" in locations
    assert f"{site}/es/conditions/upper-back-pain/" not in locations
    assert f'hreflang="x-default" href="{site}/conditions/knee-pain/"' in xml
    assert f'hreflang="es" href="{site}/es/conditions/knee-pain/"' in xml


def test_the_form_speaks_spanish_labels_help_errors_and_thanks(client):
    html = client.get("/es/appointments/").content.decode()
    assert '<label for="id_full_name">Su nombre completo</label>' in html
    assert "¿Cómo prefiere que le contactemos?" in html
    assert "lunes" in html
    assert "Acepto que la clínica me contacte" in html
    errors = client.post("/es/appointments/", form_data(full_name="", phone="12")).content
    errors = errors.decode()
    assert "Hay un problema con su solicitud" in errors
    assert "Escriba su nombre para saber por quién preguntar." in errors
    assert "Escriba un número de teléfono de 10 dígitos" in errors
    assert AppointmentRequest.objects.count() == 0
    thanks = client.get("/es/appointments/thank-you/").content.decode()
    assert "Gracias: hemos recibido su solicitud" in thanks
    assert "en un plazo de un día hábil" in thanks


def test_the_frame_is_kept_per_language(client, settings):
    """The header and footer are cached by the worker: each language gets its own."""
    for path, words in (
        ("/", ("Request an appointment", "Opening hours")),
        ("/es/", ("Pedir una cita", "Horario")),
        ("/", ("Request an appointment", "Opening hours")),
    ):
        html = client.get(path).content.decode()
        for word in words:
            assert word in html, (path, word)


def test_dates_and_hours_are_written_the_spanish_way(client, condition):
    html = client.get("/es/conditions/upper-back-pain/").content.decode()
    month = html[html.index('class="reviewed"') :]
    assert re.search(r">\d{1,2} de [a-z]+ de \d{4}</time>", month)
    assert "lunes a jueves: 8:00 a.\u00a0m. a 5:00 p.\u00a0m." in html
    english = client.get("/conditions/upper-back-pain/").content.decode()
    assert "Monday to Thursday: 8:00 a.m. to 5:00 p.m." in english


def test_the_language_assistance_notice_is_linked_from_every_footer(client):
    Tagline.objects.create(
        language_name="Tiếng Việt (Vietnamese)",
        language_code="vi",
        tagline="Written by the clinic's translator.",
        is_published=True,
    )
    Tagline.objects.create(
        language_name="Draft", language_code="xx", tagline="Not yet", is_published=False
    )
    english = client.get("/language-assistance/").content.decode()
    assert "Language help is free" in english
    assert '<li lang="vi" dir="auto"><strong>Tiếng Việt (Vietnamese)</strong>' in english
    assert "Not yet" not in english
    spanish = client.get("/es/language-assistance/").content.decode()
    assert "La ayuda con el idioma es gratis" in spanish
    for path in ("/", "/conditions/", "/no-such-page/"):
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert 'href="/language-assistance/">Free language help</a>' in footer, path
        assert 'href="/es/language-assistance/" hreflang="es" lang="es">Ayuda gratis' in footer
    footer = client.get("/es/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/es/language-assistance/">Ayuda gratis con el idioma</a>' in footer


def test_a_new_tagline_shows_at_once_through_the_page_cache(
    client, page_cache, django_capture_on_commit_callbacks
):
    assert client.get("/language-assistance/")["X-Cache"] == "miss"
    assert client.get("/language-assistance/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Tagline.objects.create(
            language_name="Polski (Polish)", language_code="pl", tagline="Tekst.", is_published=True
        )
    assert "Polski (Polish)" in client.get("/language-assistance/").content.decode()


def test_error_pages_answer_in_the_language_of_their_url(client):
    """A request refused before LocaleMiddleware still gets its URL's language, whatever
    the previous request on the thread used."""
    client.get("/es/")
    english = client.get("/conditions/a%00b/")
    assert english.status_code == 400
    assert '<html lang="en">' in english.content.decode()
    assert "Sorry, we could not read that request" in english.content.decode()
    client.get("/")
    spanish = client.get("/es/conditions/a%00b/")
    assert spanish.status_code == 400
    assert "Lo sentimos, no pudimos leer esa solicitud" in spanish.content.decode()
    missing = client.get("/es/no-such-page/")
    assert missing.status_code == 404
    assert "Lo sentimos, no encontramos esa página" in missing.content.decode()


def test_json_ld_is_in_the_language_of_the_page(client):
    ConditionFactory(
        slug="knee-pain",
        name="Knee Pain",
        name_es="Dolor de rodilla",
        summary_es="Dolor en la rodilla.",
    )
    FAQFactory(condition=Condition.objects.get(), question="Q?", question_es="¿P?")
    spanish = client.get("/es/conditions/knee-pain/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', spanish)[1])
    text = json.dumps(data, ensure_ascii=False)
    assert '"inLanguage": "es"' in text
    assert "Dolor de rodilla" in text
    assert "¿P?" in text
    assert '"name": "Inicio"' in text


def test_practice_pages_in_spanish_show_their_english_text_with_the_notice(client):
    """The practice's own text is not translated yet: under /es/ its pages speak Spanish
    around it, mark it lang="en", say so, stay out of search engines and of the Spanish
    sitemap (README, Languages)."""
    location = LocationFactory(name="Springfield West", slug="springfield-west")
    OpeningHoursFactory(location=location, weekday=0, opens=time(8), closes=time(17))
    clinician = ClinicianFactory(slug="dr-ana", role="Pain physician")
    clinician.locations.add(location)
    html = client.get("/es/providers/dr-ana/").content.decode()
    assert '<html lang="es">' in html
    assert "Esta página todavía no está traducida" in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert '<p class="lead" lang="en">Pain physician</p>' in html
    assert "Acepta pacientes nuevos." in html
    assert '<a href="/providers/dr-ana/" hreflang="en" lang="en">' in html
    english = client.get("/providers/dr-ana/").content.decode()
    assert "noindex" not in english and 'lang="en">Pain physician' not in english
    hours = client.get("/es/locations/springfield-west/").content.decode()
    assert re.search(
        r"<strong>lunes( \(hoy\))?:</strong> de 8:00 a\.\xa0m\. a 5:00 p\.\xa0m\.</li>", hours
    )
    site = settings.SITE_URL
    clinicians = client.get("/sitemap-clinicians.xml").content.decode()
    assert f"{site}/providers/dr-ana/" in clinicians
    assert "/es/" not in clinicians
