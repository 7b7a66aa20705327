"""HTTP clients for tests: Django's, posting as browsers post our forms, and a small one
for tests that talk to real servers (live_server, gunicorn)."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.test import Client
from django.test.client import MULTIPART_CONTENT

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
