"""Settings for `make screenshots` (tests/browser/screenshots.py): the site's own settings,
with static files collected into the temporary folder the script names."""

import os
from pathlib import Path

from clinic_site.settings import *  # noqa: F403 - every setting, as in production

STATIC_ROOT = Path(os.environ["SCREENSHOT_STATIC_ROOT"])
