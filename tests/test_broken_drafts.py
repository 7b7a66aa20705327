"""A draft that links to a deleted row does not break publishing for everyone (issue 26.2):
it is sent back to its editor with a note, and the other drafts go live."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from content_workflow import services, snapshots
from content_workflow.models import Revision

from .factories import ClinicianFactory, ConditionFactory, TreatmentFactory, UserFactory
from .test_content_workflow import change_url, review, save_draft

pytestmark = pytest.mark.django_db


def listing(*treatments):
    """A medical change with the change form's rows of treatments offered, as the browser
    posts them."""
    data = {
        "overview_en": "New words.",
        "condition_treatments-TOTAL_FORMS": str(len(treatments)),
        "condition_treatments-INITIAL_FORMS": "0",
    }
    for number, treatment in enumerate(treatments):
        data[f"condition_treatments-{number}-treatment"] = str(treatment.pk)
        data[f"condition_treatments-{number}-sort_order"] = str(number)
    return data


def test_approving_a_draft_that_lists_a_deleted_treatment_sends_it_back_without_a_500(
    client, editor, reviewer, condition, django_capture_on_commit_callbacks
):
    doomed = TreatmentFactory(name="Old Injection", is_published=False)
    kept = TreatmentFactory(name="Gentle Exercise")
    client.force_login(editor)
    save_draft(client, condition, **listing(doomed, kept))
    doomed_pk = doomed.pk
    doomed.delete()

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            change_url(condition, "review"),
            {"action": "approve", "seen": Revision.objects.get().fingerprint},
            follow=True,
        )
    assert response.redirect_chain == [(change_url(condition, "review"), 302)]
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Not published: it links to treatment #{doomed_pk}, deleted since it was saved." in text
    assert "sent back to its editor" in text
    draft = Revision.objects.get()
    assert draft.status == Revision.Status.REJECTED
    assert f"treatment #{doomed_pk}" in draft.comment
    assert len(callbacks) == 1  # the editor's email is queued once the note is stored
    live = type(condition).objects.get(pk=condition.pk)
    assert live.overview == condition.overview and live.last_reviewed == condition.last_reviewed
    assert Client().get(condition.get_absolute_url()).status_code == 200

    # The editor sees it on the form and in the revisions list, fixes it, and it goes live.
    client.force_login(editor)
    form = client.get(change_url(condition)).content.decode()
    assert "sent back to the editor" in form and f"treatment #{doomed_pk}" in form
    sent_back = client.get("/admin/content_workflow/revision/?status__exact=rejected")
    assert change_url(condition, "review") in sent_back.content.decode()
    # Saved as the browser posts the form as shown (the deleted treatment's row empty).
    as_shown = listing(doomed, kept)
    del as_shown["condition_treatments-0-treatment"]
    draft = save_draft(client, condition, **as_shown)
    assert draft.snapshot["inlines"]["condition_treatments"] == [
        {"treatment": kept.pk, "sort_order": 1}
    ]
    client.force_login(reviewer)
    assert review(client, condition, "approve").status_code == 302
    assert list(type(condition).objects.get(pk=condition.pk).treatments.all()) == [kept]


def test_a_draft_whose_address_was_taken_meanwhile_is_sent_back(
    client, editor, reviewer, condition
):
    client.force_login(editor)
    save_draft(client, condition, slug="back-pain")
    ConditionFactory(name="Back Pain", slug="back-pain")
    client.force_login(reviewer)
    review(client, condition, "approve")
    draft = Revision.objects.get()
    assert draft.status == Revision.Status.REJECTED
    assert "slug already exists" in draft.comment.lower()
    assert type(condition).objects.get(pk=condition.pk).slug == "upper-back-pain"


def test_every_kind_of_link_is_checked(condition):
    treatment, clinician, related = TreatmentFactory(), ClinicianFactory(), ConditionFactory()
    snapshot = snapshots.take(condition)
    snapshot["fields"].update(
        related_conditions=[related.pk], clinicians=[clinician.pk], reviewer=clinician.pk
    )
    snapshot["inlines"]["condition_treatments"] = [{"treatment": treatment.pk, "sort_order": 0}]
    assert snapshots.missing_references(type(condition), snapshot) == []
    gone = [f"treatment #{treatment.pk}", f"condition #{related.pk}"]
    gone += [f"clinician #{clinician.pk}"] * 2  # listed, and the reviewer
    for page in (treatment, clinician, related):
        page.delete()
    assert sorted(snapshots.missing_references(type(condition), snapshot)) == sorted(gone)


def approved(page, author, snapshot, minutes_ago):
    draft = services.save_draft(page, snapshot, author)
    draft.status = Revision.Status.APPROVED
    draft.publish_at = timezone.now() - timedelta(minutes=minutes_ago)
    draft.save()
    return draft


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_publisher_skips_a_broken_draft_and_publishes_the_others(run_worker):
    editor = UserFactory(username="writer", email="writer@clinic.example")
    broken_page = ConditionFactory(name="Neck Pain")
    good_page = ConditionFactory(name="Knee Pain")
    doomed = TreatmentFactory(name="Retired Therapy")
    snapshot = snapshots.take(broken_page)
    snapshot["inlines"]["condition_treatments"] = [{"treatment": doomed.pk, "sort_order": 0}]
    broken = approved(broken_page, editor, snapshot, minutes_ago=5)
    good_snapshot = snapshots.take(good_page)
    good_snapshot["fields"]["overview_en"] = "Reviewed new words."
    good = approved(good_page, editor, good_snapshot, minutes_ago=1)
    doomed_pk = doomed.pk
    doomed.delete()

    call_command("publish_scheduled_revisions")
    call_command("publish_scheduled_revisions")  # the next minute: nothing fails again

    good.refresh_from_db()
    broken.refresh_from_db()
    assert good.status == Revision.Status.PUBLISHED
    assert type(good_page).objects.get(pk=good_page.pk).overview == "Reviewed new words."
    assert broken.status == Revision.Status.REJECTED
    assert not type(broken_page).objects.get(pk=broken_page.pk).treatments.exists()

    run_worker()
    [message] = mail.outbox
    assert message.to == ["writer@clinic.example"]
    assert message.subject == "Draft sent back: Neck Pain"
    assert f"treatment #{doomed_pk}" in message.body
    assert f"/admin/conditions/condition/{broken_page.pk}/change/" in message.body
