"""Checks on what a request carries, made before anything reads its body or its values.

- A NUL character in the path is refused (400). In query strings, form values and
  cookies it is removed: PostgreSQL cannot store or compare text holding one, and no
  browser sends one from what a person typed, so nothing a person wrote is lost.
- A body's charset is read under any name Python knows for it (`utf8`, `UTF8`,
  `latin1`, `iso-8859-1` ...): Django takes a form body only when labelled exactly
  "utf-8". A form in another ASCII-based charset is decoded in it; an unknown charset,
  or one a form body cannot be written in (UTF-16), is refused (400) before anything is
  stored, and the 400 page says nothing was saved.
- Only the staff area takes file uploads. Elsewhere a multipart body is refused before it
  is read; in the staff area a body over REQUEST_MAX_BODY_SIZE is refused unread
  (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files).

Refusals raise Django's own exceptions, so the 400 page answers them.
"""

import codecs
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

NUL = "\x00"
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
FORM_ENCODED = "application/x-www-form-urlencoded"


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
            self._read_charset(request)
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

    def _read_charset(self, request):
        charset = request.content_params.get("charset")
        if charset is None:
            return
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            raise BadRequest("Unknown charset in the request's Content-Type") from None
        if codec == "utf-8":
            request.encoding = "utf-8"  # the name Django accepts
        elif request.content_type == FORM_ENCODED:
            if "a=%".encode(codec, errors="replace") != b"a=%":
                raise BadRequest("A form body in a charset forms are not written in")
            try:
                text = request.body.decode(codec)
            except UnicodeDecodeError:
                raise BadRequest("A form body that is not in its charset") from None
            # Percent-escapes are bytes in the form's charset too. Django would refuse
            # the body (not labelled utf-8): its values are set here, and no files.
            request.POST = QueryDict(text, encoding=codec)
            request._files = MultiValueDict()
