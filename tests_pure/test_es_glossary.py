"""The Spanish translation speaks as the Spanish REVO guide does: its terms
and its register (docs/glossary-es.md)."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary-es.md"
SPANISH = (
    ROOT / "revo_helpdesk" / "i18n" / "es.po",
    ROOT / "revo_helpdesk" / "i18n_extra" / "es.po",
)
# What a translation carries untranslated: placeholders and HTML.
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]*>|\{\{.*?\}\}")
STAGE_SUFFIXES = {"Pending Release": " - REVO"}


def _table(section):
    """The rows of the table under `## section`, as lists of cells."""
    text = GLOSSARY.read_text(encoding="utf-8").split(f"## {section}\n", 1)[1]
    text = text.split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|")
    ]
    return rows[2:]  # past the header and its rule


def _forbidden():
    words = []
    for row in _table("Terms"):
        words += [
            word.strip()
            for word in row[2].split(";")
            if word.strip() and not word.startswith("(")
        ]
    for row in _table("Register"):
        words += [word.strip() for word in row[1].split(";") if word.strip()]
    return words


def _translations():
    return [
        (entry.msgid, " ".join(NOT_WORDS.sub(" ", entry.msgstr).split()))
        for path in SPANISH
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete
    ]


def test_glossary_is_read():
    forbidden = _forbidden()
    assert "revendedor" in forbidden
    assert "Agente de Soporte REVO" in forbidden
    assert "confírmelo" in forbidden
    assert "tíquet" in forbidden


def test_no_word_the_guide_does_not_use():
    patterns = {
        word: re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        for word in _forbidden()
    }
    found = [
        (word, msgid[:60])
        for msgid, text in _translations()
        for word, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert not found, f"es.po departs from docs/glossary-es.md: {found}"


def test_stage_names_are_whole():
    found = [
        (stage, msgid[:60])
        for msgid, text in _translations()
        for stage, suffix in STAGE_SUFFIXES.items()
        if text.count(stage) != text.count(stage + suffix)
    ]
    assert not found, f"a stage named without its suffix: {found}"
