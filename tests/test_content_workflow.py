"""Drafts of live pages, a clinician's sign-off, versions, scheduled publishing (issue 18)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from content_workflow import services, snapshots
from content_workflow.models import Revision
from core import pagecache

from .factories import ConditionFactory, FAQFactory, TreatmentFactory
from .test_conditions_admin import change_form_data

pytestmark = pytest.mark.django_db

NEW_TEXT = "Draft text: a new way to describe the pain."


def change_url(page, view="change"):
    return f"/admin/conditions/{page._meta.model_name}/{page.pk}/{view}/"


def save_draft(client, condition, **changes):
    response = client.post(change_url(condition), change_form_data(condition, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Revision.objects.get(object_id=condition.pk, status__in=Revision.OPEN_STATUSES)


def review(client, page, action, **data):
    """Press a button on the page's review screen, as shown with the current draft."""
    draft = Revision.objects.open().get(object_id=page.pk)
    return client.post(
        change_url(page, "review"), {"action": action, "seen": draft.fingerprint, **data}
    )


def invalidations(callbacks):
    """How many new generations go to the cache once the change commits."""
    return sum(
        getattr(callback, "func", None) is pagecache._store_generation for callback in callbacks
    )


def test_saving_a_live_page_keeps_a_draft_and_the_public_page_unchanged(
    client, editor, condition, treatment, django_capture_on_commit_callbacks
):
    old_faq = FAQFactory(condition=condition, question="Old question?")
    client.force_login(editor)
    data = change_form_data(
        condition,
        overview_en=NEW_TEXT,
        **{
            "faqs-TOTAL_FORMS": "2",
            "faqs-INITIAL_FORMS": "1",
            "faqs-0-id": str(old_faq.pk),
            "faqs-0-question_en": "Old question?",
            "faqs-0-answer_en": "A careful answer.",
            "faqs-0-sort_order": "0",
            "faqs-0-DELETE": "on",
            "faqs-1-question_en": "A new question?",
            "faqs-1-answer_en": "A new answer.",
            "faqs-1-sort_order": "1",
            "condition_treatments-TOTAL_FORMS": "1",
            "condition_treatments-0-treatment": str(treatment.pk),
            "condition_treatments-0-sort_order": "1",
        },
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(change_url(condition), data)
    assert response.status_code == 302
    assert invalidations(callbacks) == 0

    live = type(condition).objects.get(pk=condition.pk)
    assert live.overview == condition.overview
    assert [faq.question for faq in live.faqs.all()] == ["Old question?"]
    assert not live.treatments.exists()
    public = Client().get(condition.get_absolute_url()).content.decode()
    assert NEW_TEXT not in public and "A new question?" not in public

    draft = Revision.objects.get()
    assert draft.status == Revision.Status.DRAFT and draft.medical_change
    assert draft.author == editor

    # Editing again starts from the draft, inline rows included.
    html = client.get(change_url(condition)).content.decode()
    assert NEW_TEXT in html and "A new question?" in html and "Old question?" not in html
    assert 'id="draft-notice"' in html
    assert f'href="{change_url(condition, "preview")}"' in html


def test_preview_shows_the_draft_to_staff_only(
    client, editor, front_desk_user, condition, page_cache
):
    client.force_login(editor)
    draft_summary = "Draft summary, for search engines and structured data."
    save_draft(client, condition, overview_en=NEW_TEXT, summary_en=draft_summary)
    response = client.get(change_url(condition, "preview"))
    html = response.content.decode()
    assert NEW_TEXT in html and draft_summary in html
    assert "Preview for staff: unpublished changes" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "X-Cache" not in response
    assert response["X-Robots-Tag"] == "noindex, nofollow"

    client.force_login(front_desk_user)
    assert client.get(change_url(condition, "preview")).status_code == 403
    anonymous = Client()
    response = anonymous.get(change_url(condition, "preview"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    for url in (condition.get_absolute_url(), "/conditions/", "/search/?q=draft", "/"):
        html = anonymous.get(url).content.decode()  # pages, cards, JSON-LD, search
        assert NEW_TEXT not in html and draft_summary not in html, url


def test_a_preview_never_reads_or_fills_the_kept_page_body(client, editor, condition, page_cache):
    # Requests the page cache does not answer reuse a live page's kept body
    # (conditions/content_page.html); a preview shows the draft and keeps nothing.
    anonymous = Client()
    url = condition.get_absolute_url() + "?utm_source=newsletter"
    live = anonymous.get(url).content.decode()
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    assert NEW_TEXT in client.get(change_url(condition, "preview")).content.decode()
    assert anonymous.get(url).content.decode() == live


def test_an_editor_cannot_publish_medical_changes_by_any_way(client, editor, condition):
    client.force_login(editor)
    # Crafted POSTs to the change form: review fields and "publish" buttons are ignored.
    draft = save_draft(
        client,
        condition,
        overview_en=NEW_TEXT,
        reviewed_by="Dr. Myself",
        last_reviewed=timezone.localdate().isoformat(),
        _publish="Publish",
        action="approve",
    )
    html = client.get(change_url(condition, "review")).content.decode()
    assert "a clinical reviewer must approve them" in html
    assert 'value="approve"' not in html and 'value="publish"' not in html
    for action in ("publish", "approve"):
        assert review(client, condition, action).status_code == 403, action
    assert review(client, condition, "unknown").status_code == 403
    # Restoring is only ever a draft; the versions list cannot be edited.
    assert client.post(change_url(condition, f"versions/{draft.pk}")).status_code == 302
    assert client.post(f"/admin/content_workflow/revision/{draft.pk}/change/").status_code == 403
    # No bulk action publishes.
    changelist = client.get("/admin/conditions/condition/").content.decode()
    assert "publish" not in changelist.split('name="action"')[1].split("</select>")[0].lower()

    live = type(condition).objects.get(pk=condition.pk)
    assert live.overview == condition.overview
    assert live.reviewed_by == condition.reviewed_by
    assert Revision.objects.get().status == Revision.Status.DRAFT


def test_approving_publishes_sets_the_review_and_invalidates_once(
    client, editor, reviewer, condition, treatment, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    data = {
        "overview_en": NEW_TEXT,
        "faqs-TOTAL_FORMS": "1",
        "faqs-0-question_en": "A new question?",
        "faqs-0-answer_en": "A new answer.",
        "faqs-0-sort_order": "1",
        "condition_treatments-TOTAL_FORMS": "1",
        "condition_treatments-0-treatment": str(treatment.pk),
        "condition_treatments-0-sort_order": "1",
    }
    save_draft(client, condition, **data)

    client.force_login(reviewer)
    html = client.get(change_url(condition, "review")).content.decode()
    assert f"<ins>{NEW_TEXT}</ins>" in html and "<del>What the condition is.</del>" in html
    assert "medical: needs a clinician" in html
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = review(client, condition, "approve")
    assert response.status_code == 302
    assert invalidations(callbacks) == 1

    live = type(condition).objects.get(pk=condition.pk)
    today = timezone.localdate()
    assert live.overview == NEW_TEXT
    assert [faq.question for faq in live.faqs.all()] == ["A new question?"]
    assert list(live.treatments.all()) == [treatment]
    assert (live.reviewer, live.reviewed_by, live.last_reviewed, live.next_review_due) == (
        reviewer.clinician,
        "",
        today,
        today + timedelta(days=365),
    )
    revision = Revision.objects.get()
    assert revision.status == Revision.Status.PUBLISHED
    assert (revision.approved_by, revision.published_by) == (reviewer, reviewer)
    history = client.get(change_url(condition, "history")).content.decode()
    assert f"Approved: version {revision.pk}" in history
    assert NEW_TEXT in Client().get(live.get_absolute_url()).content.decode()


def test_an_approval_applies_only_to_the_version_the_reviewer_saw(
    client, editor, reviewer, condition
):
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    seen = Revision.objects.get().fingerprint
    save_draft(client, condition, overview_en="Changed after the reviewer looked.")
    client.force_login(reviewer)
    response = client.post(
        change_url(condition, "review"), {"action": "approve", "seen": seen}, follow=True
    )
    assert "The draft was changed after you opened it" in response.content.decode()
    assert type(condition).objects.get(pk=condition.pk).overview == condition.overview
    assert Revision.objects.get().status == Revision.Status.DRAFT


def test_a_reviewer_sends_a_draft_back_with_a_note(client, editor, reviewer, condition):
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    client.force_login(reviewer)
    review(client, condition, "send_back", comment="Please cite the <b>guideline</b>.")
    assert Revision.objects.get().status == Revision.Status.REJECTED
    client.force_login(editor)
    html = client.get(change_url(condition)).content.decode()
    assert "Please cite the &lt;b&gt;guideline&lt;/b&gt;." in html
    # Saving again puts it back in the queue.
    save_draft(client, condition, overview_en=NEW_TEXT + " Now with a citation.")
    assert Revision.objects.get().status == Revision.Status.DRAFT


def test_an_editor_publishes_a_non_medical_change_directly(
    client, editor, condition, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    draft = save_draft(client, condition, seo_title_en="Upper back pain: causes and care")
    assert not draft.medical_change
    # Nothing else differs: not the publish time, which the form posts in local time.
    live = services.live_snapshot(condition)
    assert snapshots.changed_keys(live, draft.snapshot) == {"seo_title_en"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = review(client, condition, "publish")
    assert response.status_code == 302
    assert invalidations(callbacks) == 1
    live = type(condition).objects.get(pk=condition.pk)
    assert live.seo_title == "Upper back pain: causes and care"
    assert live.last_reviewed == condition.last_reviewed  # no sign-off claimed


def test_a_new_page_goes_live_only_with_a_clinicians_approval(client, editor, reviewer):
    client.force_login(editor)
    condition = ConditionFactory.build(name="New Pain", slug="new-pain")
    data = change_form_data(condition)
    response = client.post("/admin/conditions/condition/add/", data)
    assert response.status_code == 302
    page = type(condition).objects.get(slug="new-pain")
    assert not page.is_published
    assert Revision.objects.get().snapshot["fields"]["is_published"] is True
    assert review(client, page, "publish").status_code == 403
    client.force_login(reviewer)
    review(client, page, "approve")
    assert Client().get("/conditions/new-pain/").status_code == 200


def test_versions_are_kept_compared_and_restored_as_a_draft(client, editor, condition):
    client.force_login(editor)
    first = save_draft(client, condition, seo_title_en="First title")
    review(client, condition, "publish")
    save_draft(client, condition, seo_title_en="Second <em>title</em>")
    review(client, condition, "publish")

    html = client.get(change_url(condition, "versions")).content.decode()
    assert html.count("Published") >= 2
    version = client.get(change_url(condition, f"versions/{first.pk}"))
    assert "<del>Second &lt;em&gt;title&lt;/em&gt;</del>" in version.content.decode()
    compared = client.get(change_url(condition, f"versions/{first.pk}") + "?compare=abc")
    assert compared.status_code == 200

    client.post(change_url(condition, f"versions/{first.pk}"))
    live = type(condition).objects.get(pk=condition.pk)
    assert live.seo_title == "Second <em>title</em>"
    restored = Revision.objects.get(status=Revision.Status.DRAFT)
    assert restored.snapshot["fields"]["seo_title_en"] == "First title"


def test_an_approved_draft_goes_live_at_its_time(client, editor, reviewer, condition, settings):
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    client.force_login(reviewer)
    later = timezone.localtime() + timedelta(days=2)
    review(
        client,
        condition,
        "approve",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    revision = Revision.objects.get()
    assert revision.status == Revision.Status.APPROVED
    call_command("publish_scheduled_revisions")
    assert type(condition).objects.get(pk=condition.pk).overview == condition.overview

    Revision.objects.update(publish_at=timezone.now() - timedelta(seconds=1))
    call_command("publish_scheduled_revisions")
    assert type(condition).objects.get(pk=condition.pk).overview == NEW_TEXT
    assert Revision.objects.get().status == Revision.Status.PUBLISHED


def test_a_treatment_draft_is_previewed_and_published(client, editor, reviewer):
    treatment = TreatmentFactory(name="Nerve Blocks", slug="nerve-blocks")
    client.force_login(editor)
    data = {
        "name_en": treatment.name,
        "slug": treatment.slug,
        "summary_en": treatment.summary,
        "description_en": NEW_TEXT,
        "what_to_expect_en": treatment.what_to_expect,
        "is_published": "on",
        "publish_at_0": timezone.localtime(treatment.publish_at).strftime("%Y-%m-%d"),
        "publish_at_1": timezone.localtime(treatment.publish_at).strftime("%H:%M:%S"),
        "sort_order": "0",
        "slug_redirects-TOTAL_FORMS": "0",
        "slug_redirects-INITIAL_FORMS": "0",
    }
    assert client.post(change_url(treatment), data).status_code == 302
    assert NEW_TEXT in client.get(change_url(treatment, "preview")).content.decode()
    assert NEW_TEXT not in Client().get(treatment.get_absolute_url()).content.decode()
    client.force_login(reviewer)
    review(client, treatment, "approve")
    assert NEW_TEXT in Client().get(treatment.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_reviewers_get_a_weekly_list_of_pages_due_and_nothing_about_patients(run_worker):
    from django.contrib.auth.models import Permission
    from django.core import mail

    from .factories import AppointmentRequestFactory, UserFactory

    # With real commits the data migrations' groups are gone: the permission is given
    # directly (the group holds the same one).
    reviewer = UserFactory(username="clinician")
    reviewer.user_permissions.add(Permission.objects.get(codename="approve_medical_content"))
    UserFactory(username="another-editor")

    today = timezone.localdate()
    overdue = ConditionFactory(name="Overdue Pain", next_review_due=today - timedelta(days=3))
    soon = TreatmentFactory(name="Soon Therapy", next_review_due=today + timedelta(days=20))
    ConditionFactory(name="Fine Pain", next_review_due=today + timedelta(days=200))
    ConditionFactory(name="Hidden Draft", is_published=False, next_review_due=None)
    patient = AppointmentRequestFactory(full_name="Pat Patient", message="Overdue Pain since May")

    call_command("send_review_reminders")
    run_worker()

    [message] = mail.outbox
    assert message.to == [reviewer.email]  # editors are not clinical reviewers
    body = message.body
    assert f"Condition: Overdue Pain (overdue since {overdue.next_review_due:%Y-%m-%d})" in body
    assert f"Treatment: Soon Therapy (due {soon.next_review_due:%Y-%m-%d})" in body
    assert f"/admin/conditions/condition/{overdue.pk}/change/" in body
    assert "Fine Pain" not in body and "Hidden Draft" not in body
    for personal in (patient.full_name, patient.phone, patient.email, "since May"):
        assert personal not in message.subject + body


def test_the_admin_index_counts_drafts_for_reviewers_and_editors(
    client, editor, reviewer, condition
):
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    assert client.get("/admin/").context["drafts_sent_back"] == 0
    client.force_login(reviewer)
    html = client.get("/admin/").content.decode()
    assert "Page changes waiting for your medical sign-off" in html
    assert client.get("/admin/").context["drafts_awaiting_sign_off"] == 1
    review(client, condition, "send_back", comment="Not yet.")
    client.force_login(editor)
    assert client.get("/admin/").context["drafts_sent_back"] == 1
    listing = client.get("/admin/content_workflow/revision/?status__exact=rejected")
    assert f"/admin/conditions/condition/{condition.pk}/review/" in listing.content.decode()


def test_only_clinical_reviewers_may_approve_medical_content(editor, reviewer):
    assert reviewer.has_perm("content_workflow.approve_medical_content")
    assert reviewer.has_perm("conditions.change_condition")
    assert not editor.has_perm("content_workflow.approve_medical_content")
    assert editor.has_perm("content_workflow.view_revision")
    assert not editor.has_perm("content_workflow.change_revision")


def test_a_reviewer_records_a_yearly_review_of_an_unchanged_page(client, reviewer, condition):
    client.force_login(reviewer)
    draft = save_draft(client, condition)
    assert not draft.medical_change
    assert "No differences." in client.get(change_url(condition, "review")).content.decode()
    review(client, condition, "approve")
    live = type(condition).objects.get(pk=condition.pk)
    assert live.last_reviewed == timezone.localdate()
    assert (live.overview, live.reviewer) == (condition.overview, reviewer.clinician)


def test_a_reviewer_with_a_clinician_profile_is_named_by_that_profile(
    client, editor, reviewer, condition
):
    clinician = reviewer.clinician
    clinician.name = "Dr. Maya Okafor"
    clinician.save()
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    client.force_login(reviewer)
    assert review(client, condition, "approve").status_code == 302
    live = type(condition).objects.get(pk=condition.pk)
    assert (live.reviewer, live.reviewed_by) == (clinician, "")
    html = client.get(condition.get_absolute_url()).content.decode()
    assert f'href="{clinician.get_absolute_url()}">Dr. Maya Okafor' in html


def test_spanish_text_needs_a_clinician_and_a_spanish_seo_title_does_not(client, editor, condition):
    """Translated fields are recorded per language (django-modeltranslation's columns),
    and each column is medical or not as its field is (issue 17)."""
    client.force_login(editor)
    draft = save_draft(
        client,
        condition,
        overview_es="Texto en español.",
        **{
            "faqs-TOTAL_FORMS": "1",
            "faqs-0-question_en": "A question?",
            "faqs-0-answer_en": "An answer.",
            "faqs-0-question_es": "¿Una pregunta?",
            "faqs-0-answer_es": "Una respuesta.",
            "faqs-0-sort_order": "1",
        },
    )
    assert draft.medical_change
    assert draft.snapshot["fields"]["overview_es"] == "Texto en español."
    assert draft.snapshot["inlines"]["faqs"][0]["answer_es"] == "Una respuesta."
    assert review(client, condition, "discard").status_code == 302
    seo = save_draft(client, condition, seo_title_es="Dolor de espalda: causas y cuidados")
    assert not seo.medical_change
