"""A content change the cache misses (Redis paused while a reviewer approves) still
reaches the public pages: the generation is kept in the database and the every-minute
sweep passes it on; meanwhile staff see a warning (issue 26.1)."""

import time

import pytest
import redis
from django.core.management import call_command

from .http_helpers import BrowserClient
from .test_content_workflow import NEW_TEXT, review, save_draft
from .test_redis_cache import private_redis  # noqa: F401 - a fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

PAUSE_SECONDS = 3
WARNING = "has not yet reached the public pages"


def test_an_approval_the_cache_missed_goes_live_with_the_next_sweep(
    private_redis,  # noqa: F811 - the fixture
    client,
    editor,
    reviewer,
    condition,
    django_capture_on_commit_callbacks,
):
    url = condition.get_absolute_url()
    public = BrowserClient()
    public.get(url)
    assert public.get(url)["X-Cache"] == "hit"
    client.force_login(editor)
    save_draft(client, condition, overview_en=NEW_TEXT)
    client.force_login(reviewer)

    paused_at = time.monotonic()
    redis.Redis(port=private_redis.port).execute_command(
        "CLIENT", "PAUSE", PAUSE_SECONDS * 1000, "ALL"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert review(client, condition, "approve").status_code == 302
    time.sleep(max(0, PAUSE_SECONDS + 0.5 - (time.monotonic() - paused_at)))

    # The approval committed, its word to the cache was lost: the old page is served...
    stale = public.get(url)
    assert stale["X-Cache"] == "hit" and NEW_TEXT not in stale.content.decode()
    # ... and staff are told so, on every staff page.
    assert WARNING in client.get("/admin/").content.decode()

    call_command("publish_scheduled_revisions")  # what runs every minute

    fresh = public.get(url)
    assert fresh["X-Cache"] == "miss" and NEW_TEXT in fresh.content.decode()
    assert WARNING not in client.get("/admin/").content.decode()
    call_command("publish_scheduled_revisions")
    assert public.get(url)["X-Cache"] == "hit"  # a generation the cache has is not renewed
