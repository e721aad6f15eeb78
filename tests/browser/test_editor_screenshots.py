"""The editors' guide's screenshots are taken by docs/tools/editor_screenshots.py from a freshly
seeded site: running it here keeps the script working as the admin changes. With
UPDATE_EDITOR_SCREENSHOTS=1 the pictures replace those in docs/img."""

import importlib.util
import os

import pytest

from .conftest import ROOT, signed_in_password

# A real browser through eight admin pages: about half a minute.
pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite, pytest.mark.xdist_group("browser")]

PICTURES = [
    "admin-home.png",
    "project-list.png",
    "project-form.png",
    "markdown-preview.png",
    "history.png",  # of the first project, or of a source the script adds a note to
    "compare-versions.png",
    "import-preview.png",
    "deleted-records.png",
    "review-queue.png",
]


def test_the_guides_screenshots_can_be_retaken_from_a_fresh_site(
    page, browser, live_site, tmp_path
):
    username, password = signed_in_password(page, live_site)
    spec = importlib.util.spec_from_file_location(
        "editor_screenshots", ROOT / "docs" / "tools" / "editor_screenshots.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    out = ROOT / "docs" / "img" if os.environ.get("UPDATE_EDITOR_SCREENSHOTS") else tmp_path
    script.shoot(browser, live_site["url"], username, password, out=out)

    for name in PICTURES:
        assert (out / name).stat().st_size > 5_000, name
