"""Content editing in the admin, and who may do it (issue 3)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from conditions.models import Condition
from content_workflow.models import Revision

from .factories import ConditionFactory, FAQFactory, TreatmentFactory
from .test_images import image_file

pytestmark = pytest.mark.django_db


def change_form_data(condition, **changes):
    """What the admin's change form posts for a condition with no inline rows."""
    # Text fields are edited per language (django-modeltranslation): English here.
    translated = {
        f"{field}_en": getattr(condition, field)
        for field in (
            "name",
            "associated_anatomy",
            "summary",
            "overview",
            "causes",
            "symptoms",
            "diagnosis",
            "treatment_approach",
        )
    }
    data = {
        **translated,
        "slug": condition.slug,
        "body_region": condition.body_region,
        "is_published": "on",
        "publish_at_0": timezone.localtime(condition.publish_at).strftime("%Y-%m-%d"),
        "publish_at_1": timezone.localtime(condition.publish_at).strftime("%H:%M:%S"),
        "sort_order": "0",
        "reviewer": str(condition.reviewer_id),
        "reviewed_by": condition.reviewed_by,
        "last_reviewed": condition.last_reviewed.isoformat(),
        "next_review_due": condition.next_review_due.isoformat(),
    }
    for prefix in ("condition_treatments", "faqs", "slug_redirects"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_content_editors_group_can_edit_content_and_nothing_else():
    codenames = set(
        Group.objects.get(name="Content editors").permissions.values_list("codename", flat=True)
    )
    assert {
        "change_condition",
        "add_treatment",
        "delete_conditionfaq",
        "view_conditiontreatment",
    } <= codenames
    assert not any("appointment" in codename for codename in codenames)
    assert not any(
        codename.endswith("_user") or codename.endswith("_group") for codename in codenames
    )


def test_admin_pages_load_for_a_content_editor(client, editor, condition, treatment):
    client.force_login(editor)
    for url in (
        "/admin/",
        "/admin/conditions/condition/",
        "/admin/conditions/condition/add/",
        f"/admin/conditions/condition/{condition.pk}/change/",
        "/admin/conditions/treatment/",
        f"/admin/conditions/treatment/{treatment.pk}/change/",
        "/admin/conditions/condition/?review=needed",
        "/admin/conditions/condition/?body_region__exact=upper-back&is_published__exact=1",
        "/admin/conditions/condition/?q=upper",
    ):
        assert client.get(url).status_code == 200, url


def test_an_edit_approved_by_a_clinician_shows_at_once(client, editor, reviewer, condition):
    client.force_login(editor)
    response = client.post(
        f"/admin/conditions/condition/{condition.pk}/change/",
        change_form_data(condition, summary_en="A clearer summary for patients."),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.force_login(reviewer)
    seen = Revision.objects.get().fingerprint
    client.post(
        f"/admin/conditions/condition/{condition.pk}/review/", {"action": "approve", "seen": seen}
    )
    condition.refresh_from_db()
    assert condition.summary == "A clearer summary for patients."
    client.logout()
    assert (
        "A clearer summary for patients."
        in client.get(condition.get_absolute_url()).content.decode()
    )


def test_validation_messages_are_written_for_staff(client, editor, condition):
    client.force_login(editor)
    response = client.post(
        f"/admin/conditions/condition/{condition.pk}/change/",
        change_form_data(condition, image=image_file()),
    )
    assert response.status_code == 200
    assert "Describe the image for people who cannot see it." in response.content.decode()


def test_inlines_edit_faqs_and_treatments_in_order(client, editor, treatment):
    # A page never published is edited directly (a live one through a draft).
    condition = ConditionFactory(is_published=False)
    client.force_login(editor)
    data = change_form_data(
        condition,
        is_published="",
        **{
            "faqs-TOTAL_FORMS": "2",
            "faqs-0-question_en": "Second question?",
            "faqs-0-answer_en": "Answer two.",
            "faqs-0-sort_order": "2",
            "faqs-1-question_en": "First question?",
            "faqs-1-answer_en": "Answer one.",
            "faqs-1-sort_order": "1",
            "condition_treatments-TOTAL_FORMS": "1",
            "condition_treatments-0-treatment": str(treatment.pk),
            "condition_treatments-0-sort_order": "1",
        },
    )
    response = client.post(f"/admin/conditions/condition/{condition.pk}/change/", data)
    assert response.status_code == 302
    assert [faq.question for faq in condition.faqs.all()] == ["First question?", "Second question?"]
    assert list(condition.treatments.all()) == [treatment]


def test_list_links_to_the_page_and_a_preview(client, editor, condition):
    draft = ConditionFactory(name="Draft Page", is_published=False)
    client.force_login(editor)
    html = client.get("/admin/conditions/condition/").content.decode()
    assert f'href="{condition.get_absolute_url()}">View on site</a>' in html
    assert f'href="/admin/conditions/condition/{draft.pk}/preview/">Preview</a>' in html


def test_staff_preview_a_draft_marked_as_preview_and_never_cached(client, editor, page_cache):
    draft = ConditionFactory(name="Draft Page", is_published=False)
    FAQFactory(condition=draft)
    client.force_login(editor)
    response = client.get(f"/admin/conditions/condition/{draft.pk}/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview for staff: this page is a draft and not on the website" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Cache" not in response
    treatment = TreatmentFactory(is_published=False)
    assert client.get(f"/admin/conditions/treatment/{treatment.pk}/preview/").status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_people_without_content_permissions_are_kept_out(client, front_desk_user, condition):
    client.force_login(front_desk_user)
    for url in (
        "/admin/conditions/condition/",
        f"/admin/conditions/condition/{condition.pk}/change/",
        f"/admin/conditions/condition/{condition.pk}/preview/",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/admin/conditions/condition/{condition.pk}/change/",
        change_form_data(condition, summary_en="x"),
    )
    assert response.status_code == 403
    assert Condition.objects.get().summary != "x"


def test_anonymous_visitors_are_sent_to_the_login_page(client, condition):
    response = client.get(f"/admin/conditions/condition/{condition.pk}/preview/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_index_shows_pages_due_for_review(client, editor):
    ConditionFactory(next_review_due=timezone.localdate() - timedelta(days=1))
    ConditionFactory()
    TreatmentFactory(next_review_due=None, last_reviewed=None)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.context["conditions_needing_review"] == 1
    assert response.context["treatments_needing_review"] == 1
    assert "Condition pages due for medical review" in response.content.decode()
    assert "new_request_count" not in response.context


def test_review_filter_lists_overdue_pages(client, editor):
    overdue = ConditionFactory(
        name="Overdue Page", next_review_due=timezone.localdate() - timedelta(days=1)
    )
    ConditionFactory(name="Fresh Page")
    client.force_login(editor)
    response = client.get("/admin/conditions/condition/?review=needed")
    assert list(response.context["cl"].result_list) == [overdue]
    assert "<strong>Overdue</strong>" in response.content.decode()
