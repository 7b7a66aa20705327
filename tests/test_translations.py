"""Every word a patient reads is marked for translation, and the Spanish catalogue has
them all (issue 17)."""

import re
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = settings.BASE_DIR
# Public templates: the staff area (templates/admin) stays in English.
TEMPLATES = sorted(
    path
    for folder in (
        "templates",
        "conditions/templates",
        "appointments/templates",
        "practice/templates",
        "language_help/templates",
    )
    for path in (ROOT / folder).rglob("*.html")
    if "admin" not in path.parts
)
TRANSLATED_BLOCK = re.compile(r"{% blocktranslate.*?{% endblocktranslate %}", re.S)
# Attributes a person reads or hears.
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")
# Values for machines, not people: Open Graph's page types.
NOT_READ = {"article", "profile"}


def unmarked_text(source):
    """The words of a template that no translate tag covers."""
    source = TRANSLATED_BLOCK.sub("", source)
    text = "".join(
        token.contents if token.token_type == TokenType.TEXT else "\0"
        for token in Lexer(source).tokenize()
    )
    read_aloud = " ".join(READ_ATTRIBUTES.findall(text))
    text = re.sub(r"<[^>]*>", " ", text)
    words = WORD.findall(read_aloud + " " + text.replace("\0", " "))
    return [word for word in words if word not in NOT_READ]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(path):
    assert unmarked_text(path.read_text()) == []


def test_the_check_finds_unmarked_text():
    assert unmarked_text('<h1 id="x">Hello {{ name }}</h1>') == ["Hello"]
    assert unmarked_text('<nav aria-label="Main">{% translate "Home" %}</nav>') == ["Main"]
    assert unmarked_text("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}") == []


def msgids(po_file):
    """The (context, msgid) pairs of a catalogue, header left out."""
    found = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pairs = set()
    context = None
    for line in found.splitlines():
        if line.startswith("msgctxt "):
            context = line[8:]
        elif line.startswith("msgid "):
            if line != 'msgid ""':
                pairs.add((context, line[6:]))
            context = None
    return pairs


def test_the_spanish_catalogue_matches_the_code_and_is_complete(tmp_path):
    """makemessages over a copy of the code gives the committed catalogue's messages,
    and each has a Spanish translation, none fuzzy."""
    committed = ROOT / "locale/es/LC_MESSAGES/django.po"
    copy = tmp_path / "site"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "node_modules", "tests", "bench", "media", "staticfiles", "*.sqlite3*", "*.mo"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "HOME": str(tmp_path)},
        capture_output=True,
        check=True,
    )
    generated = copy / "locale/es/LC_MESSAGES/django.po"
    assert msgids(generated) == msgids(committed)
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(committed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", str(committed)], capture_output=True, text=True, check=True
    ).stdout
    assert untranslated == "" and fuzzy == ""
