"""Checks on what a request carries, made before anything reads its body or its values.

- A NUL character in the path is refused (400). In query strings, form values and
  cookies it is removed: PostgreSQL cannot store or compare text holding one, and no
  browser sends one from what a person typed, so nothing a person wrote is lost.
- Only the staff area takes file uploads. Elsewhere a multipart body is refused before it
  is read; in the staff area a body over REQUEST_MAX_BODY_SIZE is refused unread
  (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files).

Refusals raise Django's own exceptions, so the 400 page answers them.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import QueryDict

NUL = "\x00"
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def without_nul(query_dict):
    """The same QueryDict if no key or value holds a NUL, else a copy without them."""
    if not any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    ):
        return query_dict
    pairs = [
        (key.replace(NUL, ""), value.replace(NUL, ""))
        for key, values in query_dict.lists()
        for value in values
    ]
    return QueryDict(urlencode(pairs))


class RequestInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.staff_prefix = "/" + settings.ADMIN_URL
        self.max_body_size = settings.REQUEST_MAX_BODY_SIZE

    def __call__(self, request):
        if NUL in request.path:
            raise BadRequest("NUL character in the path")
        if request.method in BODY_METHODS:
            self._check_body(request)
            request.POST = without_nul(request.POST)
        request.GET = without_nul(request.GET)
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name.replace(NUL, ""): value.replace(NUL, "")
                for name, value in request.COOKIES.items()
            }
        return self.get_response(request)

    def _check_body(self, request):
        if request.content_type.startswith("multipart/") and not request.path.startswith(
            self.staff_prefix
        ):
            raise BadRequest("File uploads are only accepted in the staff area")
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        if length > self.max_body_size:
            raise RequestDataTooBig("Request body exceeded REQUEST_MAX_BODY_SIZE")
