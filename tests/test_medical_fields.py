"""Which fields are medical (issue 26.5): the search-engine description and the image's
description, in every language, need a clinician; the search-engine title, address,
image file, order, "featured", publish time and clinicians listed do not."""

import pytest

from content_workflow import services, snapshots
from content_workflow.models import Revision

from .factories import ConditionFactory, TreatmentFactory
from .test_content_workflow import change_url, review, save_draft

pytestmark = pytest.mark.django_db

NOT_MEDICAL = {
    "seo_title_en",
    "seo_title_es",
    "slug",
    "image",
    "sort_order",
    "is_featured",
    "publish_at",
    "clinicians",
}


@pytest.mark.parametrize("factory", [ConditionFactory, TreatmentFactory])
def test_every_field_but_the_decided_few_is_medical(factory):
    page = factory()
    model = type(page)
    live = snapshots.take(page)
    publishable_alone = set()
    for part in ("fields", "inlines"):
        for key in live[part]:
            draft = {"fields": dict(live["fields"]), "inlines": dict(live["inlines"])}
            draft[part][key] = ["a changed value"]
            if not snapshots.medical_changes(model, live, draft):
                publishable_alone.add(key)
    # The review fields are set by a clinician's approval, never typed by an editor.
    assert publishable_alone - set(snapshots.REVIEW_FIELDS) == NOT_MEDICAL & (
        live["fields"].keys() | live["inlines"].keys()
    )
    for medical in ("seo_description_en", "seo_description_es", "image_alt_en", "image_alt_es"):
        assert medical in live["fields"] and medical not in publishable_alone


@pytest.mark.parametrize(
    "field, value",
    [
        ("seo_description_en", "Our injections cure back pain for good."),
        ("seo_description_es", "Nuestras inyecciones curan el dolor de espalda."),
        ("image_alt_en", "A patient pain-free after one injection"),
        ("image_alt_es", "Un paciente sin dolor tras una inyección"),
    ],
)
def test_an_editor_alone_cannot_publish_a_search_description_or_image_description(
    client, editor, reviewer, condition, field, value
):
    client.force_login(editor)
    draft = save_draft(client, condition, **{field: value})
    assert snapshots.changed_keys(services.live_snapshot(condition), draft.snapshot) == {field}
    assert draft.medical_change
    html = client.get(change_url(condition, "review")).content.decode()
    assert 'value="publish"' not in html
    assert "a clinical reviewer must approve them" in html
    assert review(client, condition, "publish").status_code == 403
    assert getattr(type(condition).objects.get(pk=condition.pk), field) != value

    client.force_login(reviewer)
    assert review(client, condition, "approve").status_code == 302
    assert getattr(type(condition).objects.get(pk=condition.pk), field) == value
    assert Revision.objects.get().status == Revision.Status.PUBLISHED


@pytest.mark.parametrize("field", ["seo_title_en", "seo_title_es", "sort_order"])
def test_an_editor_still_publishes_what_is_not_medical(client, editor, condition, field):
    client.force_login(editor)
    value = "7" if field == "sort_order" else "Upper back pain: care near you"
    draft = save_draft(client, condition, **{field: value})
    assert not draft.medical_change
    assert review(client, condition, "publish").status_code == 302
    assert str(getattr(type(condition).objects.get(pk=condition.pk), field)) == value
