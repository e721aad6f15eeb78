"""The glossary's forbidden variants appear nowhere: not in the seed content's Chinese and
Russian fields, not in the catalogues' translations."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
GLOSSARY = BASE / "docs" / "glossary.md"
COLUMNS = ["English", "Chinese", "Russian", "Not in Chinese", "Not in Russian"]
LANGUAGES = {"zh_hans": ("Not in Chinese", "zh_Hans"), "ru": ("Not in Russian", "ru")}


def glossary_rows():
    """Each row of the glossary's five-column tables, as {column: cell}."""
    rows, header = [], None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells == COLUMNS:
            header = cells
        elif header and not set(line) <= set("|-: "):
            assert len(cells) == len(header), line
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


def forbidden(language):
    column = LANGUAGES[language][0]
    return {
        variant: row["English"]
        for row in glossary_rows()
        for variant in re.findall(r"`([^`]+)`", row[column])
    }


def fixture_texts(language):
    """(where, text) for every field of the seed content in `language`."""
    for path in sorted((BASE / "fixtures").glob("*.json")):
        for index, entry in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            for field, value in entry.get("fields", {}).items():
                if field.endswith(f"_{language}") and isinstance(value, str) and value:
                    key = entry["fields"].get("slug") or f"#{index}"
                    yield f"{path.name} {key} {field}", value


def catalogue_texts(language):
    path = BASE / "locale" / LANGUAGES[language][1] / "LC_MESSAGES" / "django.po"
    for entry in polib.pofile(str(path)):
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in filter(None, texts):
            yield f"{path.parent.parent.name} catalogue: {entry.msgid[:60]}", text


def test_the_glossary_has_its_tables_and_forbids_something_in_each_language():
    rows = glossary_rows()
    assert len(rows) > 60
    assert {row["English"] for row in rows} >= {
        "Belt and Road Initiative",
        "China–Central Asia Summit (2nd summit)",
        "Xi'an Declaration of the China–Central Asia Summit",
        "Shanghai Cooperation Organisation (SCO)",
        "Kassym-Jomart Tokayev",
    }
    assert forbidden("zh_hans") and forbidden("ru")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_official_term_contains_a_variant_it_forbids(language):
    official = "Chinese" if language == "zh_hans" else "Russian"
    for row in glossary_rows():
        for variant in re.findall(r"`([^`]+)`", row[LANGUAGES[language][0]]):
            assert variant not in row[official], row["English"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_seed_content_uses_no_forbidden_variant(language):
    variants = forbidden(language)
    found = [
        f"{where}: “{variant}” (glossary: {variants[variant]})"
        for where, text in fixture_texts(language)
        for variant in variants
        if variant in text
    ]
    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_uses_no_forbidden_variant(language):
    variants = forbidden(language)
    found = [
        f"{where}: “{variant}” (glossary: {variants[variant]})"
        for where, text in catalogue_texts(language)
        for variant in variants
        if variant in text
    ]
    assert found == []


def test_a_forbidden_variant_in_the_content_would_be_found():
    """The check reads what it should: the review's «Уляньчат» is in the glossary, and the text
    it was found in would fail."""
    variants = forbidden("ru")
    assert "Уляньчат" in variants
    old = "… — Китай (155 км), до Уляньчата (Уця), Синьцзян"
    assert [variant for variant in variants if variant in old] == ["Уляньчат"]
