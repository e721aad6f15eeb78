"""The catalogues hold every string the code and templates mark for translation, and nothing
else: `makemessages` runs over a copy of the sources, and whatever it would add or drop fails.

Needs GNU gettext (xgettext, msgmerge, msguniq), as `makemessages` does; skipped, with the reason
shown, only where it is not installed. CI installs it (`.ci/run`).
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

BASE = Path(settings.BASE_DIR)
SOURCES = ["config", "cooperation", "templates"]
LOCALES = ["zh_Hans", "ru"]
GETTEXT = all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq"))

pytestmark = pytest.mark.skipif(
    not GETTEXT, reason="GNU gettext is not installed (apt-get install gettext)"
)


@pytest.fixture(scope="module")
def remade(tmp_path_factory):
    """{locale: catalogue} as `makemessages` leaves a copy of the committed one."""
    copy = tmp_path_factory.mktemp("sources")
    for name in [*SOURCES, "locale"]:
        shutil.copytree(BASE / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    here = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=LOCALES, verbosity=0)
    finally:
        os.chdir(here)
    return {
        locale: polib.pofile(str(copy / "locale" / locale / "LC_MESSAGES" / "django.po"))
        for locale in LOCALES
    }


def label(entry):
    return f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_marked_for_translation_is_in_the_catalogue(remade, locale):
    catalogue = remade[locale]
    # A string makemessages had to add is untranslated, or fuzzy when it resembles another.
    missing = [label(e) for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert missing == [], "run makemessages and translate: " + "; ".join(missing[:10])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalogue_holds_no_string_the_code_no_longer_uses(remade, locale):
    obsolete = [label(entry) for entry in remade[locale].obsolete_entries()]
    assert obsolete == [], "run makemessages --no-obsolete: " + "; ".join(obsolete[:10])


def test_the_check_finds_a_string_missing_from_a_catalogue(tmp_path):
    """The same run over a template with an unknown string reports it."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}{% translate "A sentence no catalogue has" %}', encoding="utf-8"
    )
    shutil.copytree(BASE / "locale", tmp_path / "locale")
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            call_command("makemessages", locale=["ru"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    catalogue = polib.pofile(str(tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == [
        "A sentence no catalogue has"
    ]
