"""Titles, descriptions, canonical links, Open Graph, sitemap, robots, JSON-LD (issue 3)."""

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from .factories import ConditionFactory, ConditionTreatmentFactory, FAQFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    graph = data.get("@graph", [data])
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in graph}


def head_tag(html, pattern):
    match = re.search(pattern, html)
    assert match, pattern
    return match[1]


@pytest.fixture
def site(condition, treatment):
    ConditionTreatmentFactory(condition=condition, treatment=treatment)
    FAQFactory(
        condition=condition, question="Will I need surgery?", answer="Most people **do not**."
    )
    condition.associated_anatomy = "Thoracic spine"
    condition.save()
    return condition, treatment


def public_urls(condition, treatment):
    return [
        "/",
        "/conditions/",
        condition.get_absolute_url(),
        "/treatments/",
        treatment.get_absolute_url(),
        "/appointments/",
        "/contact/",
        "/privacy/",
        "/search/",
    ]


def test_every_page_has_a_unique_title_and_description(client, site):
    titles, descriptions = set(), set()
    for url in public_urls(*site):
        html = client.get(url).content.decode()
        titles.add(head_tag(html, r"<title>(.+?)</title>"))
        descriptions.add(head_tag(html, r'<meta name="description" content="([^"]+)">'))
    assert len(titles) == len(public_urls(*site))
    assert len(descriptions) == len(public_urls(*site))


def test_canonical_and_open_graph_use_the_site_url(client, site):
    condition, _ = site
    html = client.get(condition.get_absolute_url()).content.decode()
    canonical = f"{SITE}/conditions/upper-back-pain/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Upper Back Pain">' in html
    assert f'<meta property="og:description" content="{condition.summary}">' in html
    assert '<meta property="og:type" content="article">' in html


def test_seo_overrides_fall_back_to_name_and_summary(client, condition):
    html = client.get(condition.get_absolute_url()).content.decode()
    assert "<title>Upper Back Pain | Riverside Pain Management</title>" in html
    condition.seo_title = "Upper back pain treatment without surgery"
    condition.seo_description = "Specialist care for upper back pain."
    condition.save()
    html = client.get(condition.get_absolute_url()).content.decode()
    assert (
        "<title>Upper back pain treatment without surgery | Riverside Pain Management</title>"
        in html
    )
    assert '<meta name="description" content="Specialist care for upper back pain.">' in html


def test_condition_page_structured_data(client, site):
    condition, treatment = site
    nodes = jsonld(client.get(condition.get_absolute_url()).content.decode())
    medical_condition = nodes["MedicalCondition"]
    assert medical_condition["name"] == "Upper Back Pain"
    assert medical_condition["description"] == condition.summary
    assert medical_condition["associatedAnatomy"] == {
        "@type": "AnatomicalStructure",
        "name": "Thoracic spine",
    }
    assert medical_condition["possibleTreatment"] == [
        {
            "@type": "MedicalTherapy",
            "name": treatment.name,
            "url": SITE + treatment.get_absolute_url(),
        }
    ]
    page = nodes["MedicalWebPage"]
    assert page["lastReviewed"] == condition.last_reviewed.isoformat()
    reviewer_url = SITE + condition.reviewer.get_absolute_url()
    assert page["reviewedBy"] == {
        "@type": "Person",
        "@id": reviewer_url + "#person",
        "name": "Dr. Test Reviewer",
        "url": reviewer_url,
        "jobTitle": "Pain physician",
        "hasCredential": [{"@type": "EducationalOccupationalCredential", "name": "MD"}],
    }
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Conditions we treat", "Upper Back Pain"]
    assert crumbs[-1]["item"] == SITE + condition.get_absolute_url()
    faq = nodes["FAQPage"]["mainEntity"][0]
    assert faq["name"] == "Will I need surgery?"
    assert faq["acceptedAnswer"]["text"] == "Most people do not."


def test_no_faq_structured_data_without_faqs(client, treatment):
    condition = ConditionFactory()
    assert "FAQPage" not in jsonld(client.get(condition.get_absolute_url()).content.decode())
    nodes = jsonld(client.get(treatment.get_absolute_url()).content.decode())
    assert nodes["MedicalTherapy"]["name"] == treatment.name
    assert "lastReviewed" in nodes["MedicalWebPage"]


def test_home_page_describes_the_clinic(client):
    clinic = jsonld(client.get("/").content.decode())["MedicalClinic"]
    assert clinic["name"] == "Riverside Pain Management"
    assert clinic["telephone"] == "+1 555 010 0123"
    assert clinic["address"]["@type"] == "PostalAddress"
    assert clinic["address"]["streetAddress"] == "120 Example Avenue, Suite 200"
    assert clinic["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday"],
        "opens": "08:00",
        "closes": "17:00",
    }


def test_list_pages_carry_breadcrumb_structured_data(client, site):
    nodes = jsonld(client.get("/conditions/").content.decode())
    assert [c["name"] for c in nodes["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Conditions we treat",
    ]


def test_sitemap_lists_published_pages_with_lastmod(client, site):
    condition, treatment = site
    ConditionFactory(slug="draft", is_published=False)
    TreatmentFactory(slug="future", publish_at=timezone.now() + timedelta(days=2))
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iterfind("s:sitemap/s:loc", namespace)]
    assert sections == [
        f"{SITE}/sitemap-{name}.xml"
        for name in (
            "pages",
            "regions",
            "conditions",
            "treatments",
            "practice",
            "clinicians",
            "locations",
            "practice-pages",
        )
    ]
    entries = {}
    for section in sections:
        response = client.get(section.removeprefix(SITE))
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        entries |= {
            url.findtext("s:loc", namespaces=namespace): url
            for url in root.findall("s:url", namespace)
        }
    assert f"{SITE}/" in entries
    assert f"{SITE}/privacy/" in entries
    assert f"{SITE}/conditions/region/upper-back/" in entries
    page = entries[SITE + condition.get_absolute_url()]
    # The date in the clinic's time zone, as the sitemap writes it (not the UTC date).
    last_change = timezone.localdate(condition.updated_at).isoformat()
    assert page.findtext("s:lastmod", namespaces=namespace) == last_change
    assert SITE + treatment.get_absolute_url() in entries
    assert not any("draft" in loc or "future" in loc for loc in entries)


def test_robots_keeps_the_admin_out_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_admin_pages_ask_not_to_be_indexed(client):
    html = client.get("/admin/login/").content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_a_large_section_of_the_sitemap_is_numbered(client, page_cache, monkeypatch):
    from conditions.sitemaps import ConditionSitemap

    monkeypatch.setattr(ConditionSitemap, "limit", 2)
    ConditionFactory.create_batch(5)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iterfind("s:sitemap/s:loc", namespace)]
    pages = [f"/sitemap-conditions.xml{suffix}" for suffix in ("", "?p=2", "?p=3")]
    assert [SITE + page for page in pages] == [s for s in sections if "conditions" in s]
    counts = []
    for page in pages:
        root = ElementTree.fromstring(client.get(page).content)
        counts.append(len(root.findall("s:url", namespace)))
        assert client.get(page)["X-Cache"] == "hit", page
    assert counts == [2, 2, 1]
    assert client.get("/sitemap-conditions.xml?p=4").status_code == 404
    # One address per page (issue 26): other spellings forward to it or name no page, and
    # the old addresses forward to the new ones.
    for asked, answer in (
        ("/sitemap-conditions.xml?p=1", "/sitemap-conditions.xml"),
        ("/sitemap-conditions.xml?p=02", "/sitemap-conditions.xml?p=2"),
        ("/sitemap-conditions-2.xml", "/sitemap-conditions.xml?p=2"),
        ("/sitemap-conditions-01.xml", "/sitemap-conditions.xml"),
        ("/sitemap-conditions-0002.xml", "/sitemap-conditions.xml?p=2"),
        ("/sitemap-practice-pages-2.xml", "/sitemap-practice-pages.xml?p=2"),
    ):
        moved = client.get(asked)
        assert (moved.status_code, moved["Location"]) == (301, answer), asked
    for missing in ("?p=0", "?p=000", "?p=-01", "?p=x"):
        assert client.get("/sitemap-conditions.xml" + missing).status_code == 404, missing
    assert client.get("/sitemap-conditions-0.xml").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
