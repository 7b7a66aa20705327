"""Deleting or unpublishing a live page takes a clinical reviewer; its versions outlive it
and its addresses answer 410 Gone (or forward where staff choose) until a new page takes
them; demo content leaves nothing behind (issue 26.4)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conditions.models import Condition, RemovedPage, Treatment
from content_workflow.models import Revision

from .factories import ConditionFactory, TreatmentFactory
from .test_content_workflow import change_url, review, save_draft

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/conditions/{}/"


def bulk_delete(client, *pages, confirm=True):
    """The list's "Delete selected" action, as the browser posts it (then its "Yes")."""
    data = {"action": "delete_selected", "_selected_action": [str(page.pk) for page in pages]}
    if confirm:
        data["post"] = "yes"
    return client.post(CHANGELIST.format(pages[0]._meta.model_name), data)


def test_an_editor_cannot_delete_a_published_page_by_any_way(client, editor, condition, treatment):
    client.force_login(editor)
    form = client.get(change_url(condition)).content.decode()
    assert "deletelink" not in form
    assert client.get(change_url(condition, "delete")).status_code == 403
    assert client.post(change_url(condition, "delete"), {"post": "yes"}).status_code == 403

    for page in (condition, treatment):
        confirmation = bulk_delete(client, page, confirm=False)
        assert confirmation.status_code == 200
        assert "ask a clinical reviewer" in confirmation.content.decode()
        assert bulk_delete(client, page).status_code == 403
    assert Condition.objects.filter(pk=condition.pk).exists()
    assert Treatment.objects.filter(pk=treatment.pk).exists()
    assert Client().get(treatment.get_absolute_url()).status_code == 200

    # A page never published is the editor's own to delete, and leaves no address behind.
    unpublished = ConditionFactory(is_published=False)
    assert bulk_delete(client, unpublished).status_code == 302
    assert not Condition.objects.filter(pk=unpublished.pk).exists()
    assert not RemovedPage.objects.exists()


def test_unpublishing_or_a_later_publish_time_needs_a_clinician(
    client, editor, reviewer, condition
):
    client.force_login(editor)
    later = timezone.localtime() + timedelta(days=30)
    for changes in (
        {"is_published": ""},
        {"publish_at_0": later.strftime("%Y-%m-%d"), "publish_at_1": "09:00:00"},
    ):
        draft = save_draft(client, condition, **changes)
        assert draft.medical_change, changes
        html = client.get(change_url(condition, "review")).content.decode()
        assert 'value="publish"' not in html
        assert review(client, condition, "publish").status_code == 403
        assert Client().get(condition.get_absolute_url()).status_code == 200
        review(client, condition, "discard")

    save_draft(client, condition, is_published="")
    client.force_login(reviewer)
    assert review(client, condition, "approve").status_code == 302
    assert Client().get(condition.get_absolute_url()).status_code == 404


def test_a_reviewer_deletes_a_live_page_its_versions_stay_and_its_addresses_say_gone(
    client, editor, reviewer, condition, settings
):
    condition.slug_redirects.create(old_slug="upper-back-ache")
    client.force_login(editor)
    save_draft(client, condition, seo_title_en="Upper back pain")
    review(client, condition, "publish")
    save_draft(client, condition, overview_en="A draft nobody approved.")
    client.force_login(reviewer)
    assert client.post(change_url(condition, "delete"), {"post": "yes"}).status_code == 302

    versions = Revision.objects.order_by("pk")
    assert [version.status for version in versions] == ["published", "discarded"]
    assert all(version.page_deleted_at for version in versions)
    listing = client.get("/admin/content_workflow/revision/?page_deleted_at__isempty=0")
    assert "(deleted " in listing.content.decode()
    version_url = f"/admin/content_workflow/revision/{versions[0].pk}/change/"
    assert client.get(version_url).status_code == 200

    visitor = Client()
    for path in ("/conditions/upper-back-pain/", "/conditions/upper-back-ache/"):
        gone = visitor.get(path)
        assert gone.status_code == 410, path
        assert "<h1>This page has been removed</h1>" in gone.content.decode()
    spanish = visitor.get("/es/conditions/upper-back-pain/")
    assert spanish.status_code == 410
    assert "<h1>Esta página se ha retirado</h1>" in spanish.content.decode()
    assert visitor.get("/treatments/upper-back-pain/").status_code == 404

    # Staff choose where its visitors go: an address on this site, nowhere else.
    removed = RemovedPage.objects.get(slug="upper-back-pain")
    edit = f"/admin/conditions/removedpage/{removed.pk}/change/"
    for elsewhere in ("https://example.org/", "//example.org/", "/\\example.org", "/a b"):
        response = client.post(edit, {"redirect_to": elsewhere})
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert client.post(edit, {"redirect_to": "/conditions/"}).status_code == 302
    forwarded = visitor.get("/conditions/upper-back-pain/")
    assert (forwarded.status_code, forwarded["Location"]) == (301, "/conditions/")

    # A new page takes the address; its history starts afresh.
    new = ConditionFactory(name="Upper Back Pain, rewritten", slug="upper-back-pain")
    assert visitor.get("/conditions/upper-back-pain/").status_code == 200
    assert not RemovedPage.objects.filter(slug="upper-back-pain").exists()
    assert not Revision.objects.for_page(new).exists()


def test_versions_of_deleted_pages_are_purged_after_the_clinics_retention(
    client, reviewer, settings
):
    settings.DELETED_PAGE_RETENTION_DAYS = 30
    now = timezone.now()
    old, recent, live = ConditionFactory(), TreatmentFactory(), ConditionFactory()
    for page in (old, recent, live):
        Revision.objects.create(page=page, snapshot={"fields": {}, "inlines": {}})
    client.force_login(reviewer)
    assert bulk_delete(client, old).status_code == 302
    assert bulk_delete(client, recent).status_code == 302
    Revision.objects.filter(object_id=old.pk, content_type__model="condition").update(
        page_deleted_at=now - timedelta(days=31)
    )
    Revision.objects.filter(object_id=recent.pk, content_type__model="treatment").update(
        page_deleted_at=now - timedelta(days=29)
    )
    call_command("publish_scheduled_revisions")
    assert sorted(Revision.objects.values_list("content_type__model", flat=True)) == [
        "condition",
        "treatment",
    ]
    assert Revision.objects.filter(page_deleted_at__isnull=True).get().object_id == live.pk


def test_removing_demo_content_leaves_no_versions_or_removed_addresses(client, superuser):
    demo = ConditionFactory(is_demo=True, slug="demo-pain")
    demo_treatment = TreatmentFactory(is_demo=True)
    for page in (demo, demo_treatment):
        Revision.objects.create(page=page, snapshot={"fields": {}, "inlines": {}})
    client.force_login(superuser)
    assert bulk_delete(client, demo).status_code == 302
    assert bulk_delete(client, demo_treatment).status_code == 302
    assert not Revision.objects.exists()
    assert not RemovedPage.objects.exists()
    assert Client().get("/conditions/demo-pain/").status_code == 404


@pytest.mark.parametrize("days", [0, -5, 999_999_999])
def test_a_retention_that_would_purge_at_once_or_overflow_is_refused(settings, days):
    from content_workflow.retention import check_deleted_page_retention

    settings.DELETED_PAGE_RETENTION_DAYS = days
    [error] = check_deleted_page_retention(None)
    assert error.id == "content_workflow.E002"
    settings.DELETED_PAGE_RETENTION_DAYS = 2190
    assert check_deleted_page_retention(None) == []
