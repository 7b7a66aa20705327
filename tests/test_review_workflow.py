"""The review workflow as its people use it (issue 24, items 2 to 5; issue 26, item 3):
text posted as browsers post it, a sign-off that credits a clinician as they were when
they approved, a preview of the whole draft, and reviewers told that a draft waits."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client

from content_workflow import services, snapshots
from content_workflow.models import Revision
from core.text import normalise

from .factories import (
    ClinicianFactory,
    ConditionFactory,
    FAQFactory,
    SitePageFactory,
    TreatmentFactory,
    UserFactory,
)
from .test_conditions_admin import change_form_data
from .test_content_workflow import change_url, review, save_draft
from .test_practice import jsonld_nodes

pytestmark = pytest.mark.django_db
account_credits = importlib.import_module(
    "conditions.migrations.0008_no_review_credited_to_an_account"
)

TEXT_FIELDS = ("overview", "causes", "symptoms", "diagnosis", "treatment_approach")
LONG_OVERVIEW = "\n\n".join(f"Paragraph {number} about the pain." for number in range(1, 13))


def as_a_browser_posts(data):
    """Every value with CRLF line endings, as browsers submit a textarea."""
    return {key: value.replace("\n", "\r\n") for key, value in data.items()}


@pytest.fixture
def multiline_condition(condition):
    """A live page with multi-line text in every section and questions in two languages."""
    for field in TEXT_FIELDS:
        setattr(
            condition, field, f"First line of {field}.  \nA second line.\n\n- a point\n- another"
        )
    condition.overview_es = "Primera línea.\n\nSegunda línea."
    condition.save()
    for number in range(3):
        FAQFactory(
            condition=condition,
            question=f"Question {number}?",
            answer=f"An answer.\n\nIn two paragraphs ({number}).",
            question_es=f"¿Pregunta {number}?",
            answer_es=f"Una respuesta.\n\nEn dos párrafos ({number}).",
            sort_order=number,
        )
    return condition


def posted_form(condition, **changes):
    """The change form of `condition` as a browser posts it, with its questions."""
    faqs = list(condition.faqs.all())
    data = change_form_data(
        condition,
        **{f"{field}_en": getattr(condition, f"{field}_en") for field in TEXT_FIELDS},
        overview_es=condition.overview_es,
        **{"faqs-TOTAL_FORMS": str(len(faqs)), "faqs-INITIAL_FORMS": str(len(faqs))},
    )
    for number, faq in enumerate(faqs):
        data.update(
            {
                f"faqs-{number}-id": str(faq.pk),
                f"faqs-{number}-condition": str(condition.pk),
                f"faqs-{number}-question_en": faq.question_en,
                f"faqs-{number}-answer_en": faq.answer_en,
                f"faqs-{number}-question_es": faq.question_es,
                f"faqs-{number}-answer_es": faq.answer_es,
                f"faqs-{number}-sort_order": str(faq.sort_order),
            }
        )
    data.update(changes)
    return as_a_browser_posts(data)


# 24.2: line endings -------------------------------------------------------------------


def test_a_search_title_edit_posted_with_crlf_is_no_medical_change(
    client, editor, multiline_condition
):
    client.force_login(editor)
    data = posted_form(multiline_condition, seo_title_en="Upper back pain: causes and care")
    assert "\r\n" in data["causes_en"] and "\r\n" in data["faqs-0-answer_es"]
    assert client.post(change_url(multiline_condition), data).status_code == 302
    draft = Revision.objects.get()
    assert not draft.medical_change
    assert snapshots.changed_keys(services.live_snapshot(multiline_condition), draft.snapshot) == {
        "seo_title_en"
    }
    assert "\r" not in str(draft.snapshot)

    html = client.get(change_url(multiline_condition, "review")).content.decode()
    assert html.count('class="revision-diff"') == 1
    assert "medical: needs" not in html and "a clinical reviewer must approve" not in html
    assert 'value="publish"' in html
    assert review(client, multiline_condition, "publish").status_code == 302
    live = type(multiline_condition).objects.get(pk=multiline_condition.pk)
    assert live.seo_title == "Upper back pain: causes and care"
    # What the clinician approved is kept word for word: a Markdown line break too.
    assert live.causes == "First line of causes.  \nA second line.\n\n- a point\n- another"


def test_text_is_stored_with_lf_and_nothing_after_its_end_however_it_is_saved(condition):
    condition.overview = "  Indented first line.  \r\nSecond line.\rThird line.\r\n\r\n  "
    condition.save()
    condition.refresh_from_db()
    assert condition.overview == "  Indented first line.  \nSecond line.\nThird line."
    field = type(condition)._meta.get_field("overview_en").formfield()
    assert field.clean("One.  \r\nTwo.\r\n") == "One.  \nTwo."
    assert normalise(None) is None and normalise(3) == 3


def test_a_draft_saved_with_crlf_before_the_fix_compares_by_its_words(condition):
    live = services.live_snapshot(condition)
    old_draft = {
        "fields": {**live["fields"], "causes_en": condition.causes.replace("\n", "\r\n") + "\r\n"},
        "inlines": live["inlines"],
    }
    assert snapshots.changed_keys(live, old_draft) == set()
    assert snapshots.compare(type(condition), live, old_draft) == []


def test_the_review_screen_shows_only_the_lines_that_changed(client, editor, multiline_condition):
    multiline_condition.overview = LONG_OVERVIEW
    multiline_condition.save()
    client.force_login(editor)
    posted = posted_form(
        multiline_condition,
        overview_en=LONG_OVERVIEW.replace("Paragraph 6 about", "Paragraph 6, rewritten, about"),
    )
    assert client.post(change_url(multiline_condition), posted).status_code == 302
    html = client.get(change_url(multiline_condition, "review")).content.decode()
    assert html.count('class="revision-diff"') == 1  # no question, no other section
    assert "<del>Paragraph 6 about the pain.</del>" in html
    assert "<ins>Paragraph 6, rewritten, about the pain.</ins>" in html
    assert "Paragraph 1 about" not in html and "Paragraph 12 about" not in html
    assert html.count("unchanged lines not shown") == 2
    assert "medical: needs a clinician" in html


# 24.3 and 26.3: who a sign-off credits -------------------------------------------------


def test_a_sign_off_by_an_account_without_a_clinician_profile_is_refused(client, editor, condition):
    account = UserFactory(username="dr.reviewer", groups=["Clinical reviewers"])
    client.force_login(editor)
    save_draft(client, condition, overview_en="Changed text.")
    client.force_login(account)
    page = client.get(change_url(condition, "review")).content.decode()
    assert "Ask an administrator to link your account" in page
    assert 'value="approve"' not in page
    response = review(client, condition, "approve")  # a crafted POST
    assert response.status_code == 302  # back to the review screen, with the reason
    shown = client.get(response.url).content.decode()
    assert "nothing was approved. Ask an administrator" in shown
    assert Revision.objects.get().status == Revision.Status.DRAFT
    live = type(condition).objects.get(pk=condition.pk)
    assert (live.overview, live.reviewer) == (condition.overview, condition.reviewer)
    public = Client().get(condition.get_absolute_url()).content.decode()
    assert "dr.reviewer" not in public and "Changed text." not in public


def test_the_credit_shows_the_credentials_the_clinician_had_when_approving(
    client, editor, reviewer, superuser, condition
):
    client.force_login(editor)
    save_draft(client, condition, overview_en="Changed text.")
    client.force_login(reviewer)
    assert review(client, condition, "approve").status_code == 302
    clinician = reviewer.clinician
    clinician.credentials = "MD, Chief Medical Officer"
    clinician.save()

    html = Client().get(condition.get_absolute_url()).content.decode()
    assert f'<a href="{clinician.get_absolute_url()}">Dr. Ana Ruiz, MD</a>' in html
    assert "Chief Medical Officer" not in html
    (web_page,) = [n for n in jsonld_nodes(html) if n["@type"] == "MedicalWebPage"]
    assert web_page["reviewedBy"]["name"] == "Dr. Ana Ruiz"
    assert web_page["reviewedBy"]["hasCredential"] == [
        {"@type": "EducationalOccupationalCredential", "name": "MD"}
    ]


def clinician_form(clinician, **changes):
    return {
        "name": clinician.name,
        "slug": clinician.slug,
        "credentials": clinician.credentials,
        "role": clinician.role,
        "languages": "English",
        "is_published": "on",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "09:00:00",
        "sort_order": "0",
        "user": str(clinician.user_id or ""),
        "Condition_clinicians-TOTAL_FORMS": "0",
        "Condition_clinicians-INITIAL_FORMS": "0",
        **changes,
    }


def test_only_an_administrator_links_accounts_and_changes_names_or_credentials(
    client, editor, reviewer, superuser
):
    clinician = ClinicianFactory(name="Dr. Maya Okafor", credentials="MD")
    url = f"/admin/practice/clinician/{clinician.pk}/change/"
    client.force_login(editor)
    form = client.get(url).content.decode()
    for field in ("name", "credentials", "user"):
        assert f'name="{field}"' not in form, field
    assert 'name="role"' in form  # the rest of the profile stays the editors' work
    response = client.post(
        url,
        clinician_form(clinician, name="Dr. Someone Else", credentials="MD, Chief Medical Officer")
        | {"user": str(reviewer.pk), "role": "Pain physician and teacher"},
    )
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert (clinician.name, clinician.credentials, clinician.user) == (
        "Dr. Maya Okafor",
        "MD",
        None,
    )
    assert clinician.role == "Pain physician and teacher"
    add_form = client.get("/admin/practice/clinician/add/").content.decode()
    assert 'name="name"' in add_form and 'name="user"' not in add_form

    client.force_login(superuser)
    other = UserFactory(username="dr.okafor", groups=["Clinical reviewers"])
    response = client.post(
        url, clinician_form(clinician, credentials="MD, PhD", user=str(other.pk))
    )
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert (clinician.credentials, clinician.user) == ("MD, PhD", other)


# 24.4: the preview shows the whole draft ------------------------------------------------


def test_the_preview_shows_every_list_of_the_draft(client, editor, condition, treatment):
    live_doctor = ClinicianFactory(name="Dr. Live Listed")
    draft_doctor = ClinicianFactory(name="Dr. Draft Listed")
    old_related = ConditionFactory(name="Live Related Pain")
    new_related = ConditionFactory(name="Draft Related Pain")
    condition.clinicians.add(live_doctor)
    condition.related_conditions.add(old_related)
    FAQFactory(condition=condition, question="A live question?")
    client.force_login(editor)
    save_draft(
        client,
        condition,
        clinicians=[str(draft_doctor.pk)],
        related_conditions=[str(new_related.pk)],
        **{
            "faqs-TOTAL_FORMS": "1",
            "faqs-0-question_en": "A draft question?",
            "faqs-0-answer_en": "A draft answer.",
            "faqs-0-sort_order": "1",
            "condition_treatments-TOTAL_FORMS": "1",
            "condition_treatments-0-treatment": str(treatment.pk),
            "condition_treatments-0-sort_order": "1",
        },
    )
    preview = client.get(change_url(condition, "preview")).content.decode()
    for shown in ("Dr. Draft Listed", "Draft Related Pain", "A draft question?", treatment.name):
        assert shown in preview, shown
    for gone in ("Dr. Live Listed", "Live Related Pain", "A live question?"):
        assert gone not in preview, gone
    public = Client().get(condition.get_absolute_url()).content.decode()
    assert "Dr. Live Listed" in public and "Dr. Draft Listed" not in public


def test_a_treatment_preview_shows_its_draft(client, editor):
    treatment = TreatmentFactory(name="Nerve Blocks", what_to_expect="Live expectations.")
    client.force_login(editor)
    data = {
        "name_en": "Nerve Blocks",
        "slug": treatment.slug,
        "summary_en": "A draft summary.",
        "description_en": treatment.description,
        "what_to_expect_en": "Draft expectations.",
        "is_published": "on",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "09:00:00",
        "sort_order": "0",
        "slug_redirects-TOTAL_FORMS": "0",
        "slug_redirects-INITIAL_FORMS": "0",
    }
    assert client.post(change_url(treatment), as_a_browser_posts(data)).status_code == 302
    preview = client.get(change_url(treatment, "preview")).content.decode()
    assert "Draft expectations." in preview and "A draft summary." in preview
    assert "Live expectations." not in preview


# 24.5: reviewers are told, by the page's name -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_reviewers_are_emailed_once_when_a_draft_needs_a_clinician(run_worker, settings):
    # With real commits the data migrations' groups are gone: permissions are given directly.
    approve = Permission.objects.get(codename="approve_medical_content")
    first, second = UserFactory(username="reviewer-one"), UserFactory(username="reviewer-two")
    for account in (first, second):
        account.user_permissions.add(approve)
    editor = UserFactory(username="an-editor")
    condition = ConditionFactory(name="Upper Back Pain", overview="Live text.")

    snapshot = services.live_snapshot(condition)
    services.save_draft(
        condition, {**snapshot, "fields": {**snapshot["fields"], "seo_title_en": "New"}}, editor
    )
    run_worker()
    assert mail.outbox == []  # not medical: the editor publishes it

    medical = {**snapshot, "fields": {**snapshot["fields"], "overview_en": "Unreviewed words."}}
    draft = services.save_draft(condition, medical, editor)
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [first.email, second.email]
    message = mail.outbox[0]
    assert message.subject == "Medical sign-off needed: Upper Back Pain"
    assert message.body == (
        "A change to Upper Back Pain waits for a clinician's sign-off.\n"
        f"Review it here: {settings.SITE_URL}/admin/conditions/condition/{condition.pk}/review/\n"
    )
    assert "Unreviewed words." not in message.body and editor.username not in message.body

    # Saved again while it waits: no second email. Sent back, then saved: they hear again.
    services.save_draft(condition, medical, editor)
    run_worker()
    assert len(mail.outbox) == 2
    services.send_back(Revision.objects.get(pk=draft.pk), first, "Please cite a source.")
    services.save_draft(condition, medical, first)
    run_worker()
    assert [message.to for message in mail.outbox[2:]] == [[second.email]]  # not its author


def test_the_revisions_list_and_the_staff_home_name_the_page(client, editor, reviewer, condition):
    client.force_login(editor)
    save_draft(client, condition, overview_en="Changed text.")
    review_url = change_url(condition, "review")
    client.force_login(reviewer)
    for url in ("/admin/content_workflow/revision/", "/admin/"):
        html = client.get(url).content.decode()
        assert f'<a href="{review_url}">Upper Back Pain</a>' in html, url
        assert "condition #" not in html, url
    review(client, condition, "send_back", comment="Not yet.")
    client.force_login(editor)
    assert f'<a href="{review_url}">Upper Back Pain</a>' in client.get("/admin/").content.decode()
    assert str(Revision.objects.get()) == f"Version {Revision.objects.get().pk} of Upper Back Pain"


def test_a_practice_page_credits_its_reviewer_as_they_were_when_chosen(client, editor):
    clinician = ClinicianFactory(name="Dr. Maya Okafor", credentials="MD")
    page = SitePageFactory(slug="first-visit", body="Line one.\n\nLine two.")
    client.force_login(editor)
    data = {
        "name": page.name,
        "slug": page.slug,
        "summary": page.summary,
        "body": "Line one.\r\n\r\nLine two.\r\n",
        "show_in": page.show_in,
        "is_published": "on",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "09:00:00",
        "sort_order": "0",
        "reviewer": str(clinician.pk),
        "last_reviewed": "2026-01-02",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/practice/sitepage/{page.pk}/change/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.body, page.reviewer_credentials) == ("Line one.\n\nLine two.", "MD")
    clinician.credentials = "MD, Chief Medical Officer"
    clinician.save()
    html = Client().get(page.get_absolute_url()).content.decode()
    assert "Dr. Maya Okafor, MD</a>" in html and "Chief Medical Officer" not in html


def test_pages_that_credited_an_account_name_no_reviewer_and_are_due_at_once(client):
    UserFactory(username="dr.reviewer")
    UserFactory(username="aruiz", first_name="Ana", last_name="Ruiz")
    by_login = ConditionFactory(slug="by-login", reviewer=None, reviewed_by="dr.reviewer")
    by_name = TreatmentFactory(reviewer=None, reviewed_by="Ana Ruiz")
    outside = ConditionFactory(slug="outside", reviewer=None, reviewed_by="Dr. Visiting, MD")
    assert "dr.reviewer" in client.get(by_login.get_absolute_url()).content.decode()

    account_credits.withdraw_credits_to_accounts(apps, None)
    for page in (by_login, by_name):
        page.refresh_from_db()
        assert (page.reviewed_by, page.last_reviewed, page.next_review_due) == ("", None, None)
    assert "dr.reviewer" not in client.get(by_login.get_absolute_url()).content.decode()
    outside.refresh_from_db()
    assert outside.reviewed_by == "Dr. Visiting, MD" and outside.last_reviewed is not None


def test_a_new_page_sent_for_approval_shows_every_field_on_its_review_screen(
    client, superuser, reviewer
):
    """A page never published is compared with nothing: its image field, empty, and every
    other field are listed as new (this screen answered 500 for a new page)."""
    page = ConditionFactory(name="Sciatica", slug="sciatica", is_published=False)
    client.force_login(superuser)
    save_draft(client, page, is_published="on")
    client.force_login(reviewer)
    response = client.get(change_url(page, "review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>Sciatica</ins>" in html
    assert 'value="approve"' in html
