"""HTTP clients for tests: Django's, posting as browsers post our forms, and a small one
for tests that talk to real servers (live_server, gunicorn)."""

import http.client
import re
from base64 import b32decode
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django_otp.oath import totp

from .factories import form_data

FORM_ENCODED = "application/x-www-form-urlencoded"


class BrowserClient(Client):
    """Django's test client, posting a dict URL-encoded as browsers post our forms, unless
    a file is attached (Django's default is multipart, which only the staff area takes)."""

    def post(self, path, data=None, content_type=None, **kwargs):
        if content_type is None and isinstance(data, dict):
            if any(hasattr(value, "read") for value in data.values()):
                content_type = MULTIPART_CONTENT
            else:
                data, content_type = urlencode(data, doseq=True), FORM_ENCODED
        return super().post(path, data, content_type or MULTIPART_CONTENT, **kwargs)


class Browser:
    """Keeps cookies like a browser; does not follow redirects."""

    def __init__(self, base_url, address=None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}
        self.headers = {"X-Forwarded-For": address} if address else {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, data):
        """GET the page, then POST `data` to it with the page's own hidden fields
        (CSRF token, the form's signed start time) unless `data` gives them."""
        _, html = self.get(path)
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        return self.request("POST", path, {**hidden, **data})

    def submit_request(self, **overrides):
        return self.post_form("/appointments/", form_data(**overrides))


class FormFields(HTMLParser):
    """The values a browser would submit for the first <form method="post"> on a page."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        if (
            tag == "input"
            and a.get("name")
            and a.get("type") not in ("submit", "file", "checkbox", "radio")
        ):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += (
                data.removeprefix("\n") if not self.fields[self._textarea] else data
            )


def login(url, username, password, address="192.0.2.10"):
    browser = Browser(url, address)
    response, html = browser.post_form(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return browser, response, html


def enrol(browser, other_server_url=None):
    """Set up two-step sign-in as a new staff member would (the page from one server, and
    the code sent to another if given): the session then passes the second step."""
    _, page = browser.get("/admin/second-step/enrol/")
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)[1].replace(" ", "")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    other = Browser(other_server_url or f"http://{browser.host}:{browser.port}")
    other.cookies = browser.cookies
    code = f"{totp(b32decode(secret)):06d}"
    _, html = other.request("POST", "/admin/second-step/enrol/", {**hidden, "code": code})
    assert "Two-step sign-in is on." in html


def change_condition_summary(editor, name, summary):
    """Change a condition's summary through the admin, as a signed-in editor would: a
    draft of the live page (content_workflow). Returns the page's review address, where
    a clinical reviewer approves it."""
    _, listing = editor.get("/admin/conditions/condition/")
    change_url = re.search(
        rf'href="(/admin/conditions/condition/\d+/change/)[^"]*">{re.escape(name)}<', listing
    )[1]
    _, form_page = editor.get(change_url)
    form = FormFields()
    form.feed(form_page)
    form.fields["summary_en"] = summary
    response, html = editor.request("POST", change_url, form.fields)
    assert response.status == 302, re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return change_url.replace("/change/", "/review/")


# A manage.py command for a test site: the "editor" superuser signs off as a clinician
# (a medical sign-off credits the clinician profile an administrator linked).
LINK_EDITOR_TO_A_CLINICIAN = [
    "shell",
    "-c",
    "from django.contrib.auth import get_user_model; from practice.models import Clinician; "
    "Clinician.objects.create(name='Dr. Test Editor', slug='dr-test-editor', credentials='MD', "
    "user=get_user_model().objects.get(username='editor'))",
]


def approve(reviewer, review_url):
    """Sign off a page's draft as a clinical reviewer: it goes live."""
    response, _ = reviewer.post_form(review_url, {"action": "approve"})
    assert response.status == 302
