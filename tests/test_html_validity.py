"""Every kind of public page, in every language, is valid HTML as the Nu Html Checker (the W3C's
validator, from the npm package `vnu-jar` pinned in frontend-checks/) reads it, and the style
sheet is valid CSS."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .page_types import LANGUAGES, PAGE_TYPES, STATUS, figure_path, in_language

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "frontend-checks" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

# Rendering 75 pages and starting the checker's JVM take about twenty seconds.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def checker():
    if JAVA is None or not VNU.exists():
        message = "the Nu Html Checker needs Java and `npm ci --prefix frontend-checks`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [JAVA, "-Xss8m", "-jar", str(VNU)]


def nu_errors(checker, *arguments):
    """The checker's errors, each as "file:line: message"."""
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *arguments],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in messages
    ]


def test_every_kind_of_page_in_every_language_is_valid_html(client, checker, tmp_path):
    trade_figure = figure_path(client.get("/en/trade/").text)
    for language in LANGUAGES:
        for name, path in PAGE_TYPES:
            response = client.get(in_language(path or trade_figure, language))
            assert response.status_code == STATUS.get(name, 200), (name, language)
            (tmp_path / f"{name}-{language}.html").write_bytes(response.content)
    assert len(list(tmp_path.iterdir())) == len(PAGE_TYPES) * len(LANGUAGES)
    assert nu_errors(checker, "--skip-non-html", str(tmp_path)) == []


# Properties of current CSS that the checker's CSS profile does not know yet, each used inside
# @supports so a browser without it ignores it: field-sizing (CSS Basic User Interface 4).
NEWER_THAN_THE_CHECKER = ("field-sizing",)


def test_the_style_sheet_is_valid_css(checker):
    errors = nu_errors(checker, "--css", str(ROOT / "static" / "css" / "site.css"))
    unknown = [f"Property “{name}” doesn't exist" for name in NEWER_THAN_THE_CHECKER]
    assert [e for e in errors if not any(u in e for u in unknown)] == []
