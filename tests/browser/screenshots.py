"""Screenshots of key pages at phone and desktop widths, saved to docs/screenshots.

Run with `make screenshots` (python -m tests.browser.screenshots). The site runs as in
production, served by gunicorn with WhiteNoise and collected static files, on 127.0.0.1
at port $PORT when set (a free one otherwise), with a temporary database holding the demo content and a temporary static
folder: nothing of the local database or staticfiles/ is used or changed. Full-page PNGs
are cropped to at most 2,400 px tall and saved with a 256-colour palette (the same to the
eye for flat colours and text, a third of the size) to keep them small enough to commit.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django_otp.oath import totp
from PIL import Image

from .support import BASE_DIR, CHROMIUM, launch_chromium, log_in

OUTPUT_DIR = BASE_DIR / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "upper-back-pain": "/conditions/upper-back-pain/",
    "appointment-form": "/appointments/",
    "clinicians": "/providers/",
    "locations": "/locations/",
    "contact": "/contact/",
}
ADMIN_LIST = "/admin/appointments/appointmentrequest/"
# A front desk member with an authenticator (its key given by the script) and a few
# invented requests, in the temporary database only.
STAFF_SETUP = """
import os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from appointments.models import AppointmentRequest as Request
username, password, key = os.environ["SCREENSHOTS_STAFF"].split()
user = get_user_model().objects.create_user(username, password=password, is_staff=True)
user.groups.add(Group.objects.get(name="Front desk"))
TOTPDevice.objects.create(user=user, name="Screenshots", key=key, confirmed=True)
samples = [
    ("Sam Sample", "phone", Request.Status.NEW, None),
    ("Robin Placeholder-Example", "email", Request.Status.CONTACTED, user),
    ("Alex Demo", "phone", Request.Status.SCHEDULED, user),
]
for number, (name, contact, status, assignee) in enumerate(samples):
    Request.objects.create(
        full_name=name, phone=f"+1 555 010 01{number:02d}",
        email=f"{name.split()[0].lower()}.sample@example.com", preferred_contact=contact,
        patient_status=Request.PatientStatus.NEW, status=status, assigned_to=assignee,
        consent_receipt="screenshots", resubmission_key=f"screenshots-{number}",
    )
"""
WIDTHS = (375, 1280)
# The clinician's review screen (desktop only), for the README's Content editing section:
# a one-sentence edit of the live Upper Back Pain, made in its admin form as an editor
# makes it (Chromium posts the whole form, every text box with \r\n line endings).
REVIEW_SCREENSHOT = "review-1280.png"
REVIEWER, REVIEWER_PASSWORD = "reviewer", "screenshot-only-Password-7"
LINK_REVIEWER = (
    "from django.contrib.auth import get_user_model; from practice.models import Clinician; "
    "Clinician.objects.filter(slug='dr-maya-okafor').update("
    f"user=get_user_model().objects.get(username={REVIEWER!r}))"
)
EDITED_FIELD = "#id_overview_en"
EDITED_SENTENCE = (
    "Many cases improve with simple care.",
    "Many cases improve within a few weeks with simple care.",
)
VIEWPORT_HEIGHT = 800
MAX_HEIGHT = 2400
START_TIMEOUT_SECONDS = 30


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(url, server, log_path):
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}):\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - our own local server
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out (URLError is one too): not up yet
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer within {START_TIMEOUT_SECONDS} s:\n{log_path.read_text()}")


def shrink(path):
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def save(page, name, width):
    height = page.evaluate("document.documentElement.scrollHeight")
    target = OUTPUT_DIR / f"{name}-{width}.png"
    page.screenshot(
        path=target,
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)},
    )
    shrink(target)
    return target


def take_screenshots(base_url, staff):
    from playwright.sync_api import sync_playwright

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for width in WIDTHS:
            context = browser.new_context(
                base_url=base_url, viewport={"width": width, "height": VIEWPORT_HEIGHT}
            )
            page = context.new_page()
            for name, path in PAGES.items():
                response = page.goto(path)
                if response.status != 200:
                    sys.exit(f"{path} answered {response.status}")
                saved.append(save(page, name, width))
            context.close()
        # One sign-in (a code works once), its session then used at every width.
        context = browser.new_context(base_url=base_url)
        username, password, key = staff
        log_in(context.new_page(), username, password, f"{totp(bytes.fromhex(key)):06d}")
        session = context.storage_state()
        context.close()
        for width in WIDTHS:
            context = browser.new_context(
                base_url=base_url,
                viewport={"width": width, "height": VIEWPORT_HEIGHT},
                storage_state=session,
            )
            page = context.new_page()
            page.goto(ADMIN_LIST)
            saved.append(save(page, "admin-requests", width))
            context.close()
        saved.append(review_screenshot(browser, base_url))
        browser.close()
    return saved


def review_screenshot(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/admin/")
    page.locator("#id_username").fill(REVIEWER)
    page.locator("#id_password").fill(REVIEWER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.goto("/admin/conditions/condition/?q=upper")
    page.locator("#result_list").get_by_role("link", name="Upper Back Pain", exact=True).click()
    field = page.locator(EDITED_FIELD)
    old, new = EDITED_SENTENCE
    if old not in field.input_value():
        sys.exit(f"The demo's Upper Back Pain no longer says {old!r}: update EDITED_SENTENCE.")
    field.fill(field.input_value().replace(old, new))
    with page.expect_navigation():
        page.locator("input[name='_save']").first.click()
    page.locator(".object-tools").get_by_role("link", name="Review and publish").click()
    target = OUTPUT_DIR / REVIEW_SCREENSHOT
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(
        path=target,
        full_page=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": min(height, MAX_HEIGHT)},
    )
    shrink(target)
    context.close()
    return target


def main():
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} not found: install Debian's chromium package.")
    port = int(os.environ.get("PORT") or free_port())
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="clinic-screenshots-") as folder:
        folder = Path(folder)
        env = {
            **os.environ,
            "STATIC_ROOT": str(folder / "static"),
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "SITE_URL": base_url,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            # A throwaway reviewer signs in with a password alone (this server only).
            "STAFF_REQUIRE_2FA": "off",
            "DJANGO_SUPERUSER_PASSWORD": REVIEWER_PASSWORD,
        }
        print("Preparing a temporary database and static files...")
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable", "--database", "cache")
        manage(env, "load_demo_content")
        manage(env, "createsuperuser", "--noinput", "--username", REVIEWER, "--email", "r@x.test")
        # A sign-off credits a clinician: the reviewer's account is linked to one.
        manage(env, "shell", "--command", LINK_REVIEWER)
        manage(env, "collectstatic", "--noinput")
        staff = ("frontdesk", secrets.token_urlsafe(16), secrets.token_hex(20))
        manage({**env, "SCREENSHOTS_STAFF": " ".join(staff)}, "shell", "--command", STAFF_SETUP)
        log_path = folder / "gunicorn.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_until_up(base_url, server, log_path)
                saved = take_screenshots(base_url, staff)
            finally:
                server.terminate()
                server.wait(timeout=30)
    for path in saved:
        print(f"Saved {path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
