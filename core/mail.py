"""The local email backend: each email in a file of .mail/, readable by the site's own
account only (an acknowledgement carries a patient's address), as exports are."""

import os
from contextlib import suppress

from django.core.mail.backends import filebased


class PrivateFileEmailBackend(filebased.EmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A folder someone else owns (EMAIL_FILE_PATH=/tmp) keeps its mode; the files
        # in it are still the site's alone.
        with suppress(PermissionError):
            os.chmod(self.file_path, 0o700)

    def open(self):
        if self.stream is not None:
            return False
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        self.stream = open(os.open(self._get_filename(), flags, 0o600), "ab")  # noqa: SIM115
        return True
