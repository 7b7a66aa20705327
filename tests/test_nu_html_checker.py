"""Every public page passes the Nu HTML Checker (the W3C validator's engine, vnu.jar from
npm's vnu-jar, run with Java): stricter than a parser, it checks attribute values such as
<time datetime> (issue 19)."""

import json
import shutil
import subprocess

import pytest

from .browser.support import BASE_DIR
from .public_pages import PUBLIC_PAGES
from .test_html_validity import PAGES, demo_content, fetch  # noqa: F401 - demo_content: a fixture

VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_content")]


@pytest.fixture
def java():
    path = shutil.which("java")
    if path is None:
        pytest.skip("java not found: install a JRE (Debian: default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR} not found: run `npm ci` (make test does) to install vnu-jar")
    return path


def test_every_public_page_passes_the_nu_html_checker(client, java, tmp_path):
    files = {}
    for number, page in enumerate(PAGES):
        path = tmp_path / f"{number}.html"
        path.write_text(fetch(client, page))
        files[str(path)] = page
    assert {page.path for page in PUBLIC_PAGES} <= {page.path for page in files.values()}
    checked = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stderr)["messages"]
    problems = [
        f"{files[message['url'].removeprefix('file:')].name}: {message['message']}"
        f" (line {message.get('lastLine')}: {message.get('extract', '').strip()})"
        for message in messages
    ]
    assert not problems, "The Nu HTML Checker found errors:\n" + "\n".join(problems)
