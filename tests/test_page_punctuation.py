"""Text joined from several translated pieces reads as the language writes it: Chinese pages
take full-width marks with no space after them, Russian months are lower case mid-sentence."""

import html
import re

import pytest

from .page_types import PAGE_TYPES, STATUS, figure_path, in_language

# Rendering every kind of page in two languages takes ten seconds or so.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CJK = "\u4e00-\u9fff"
CHINESE_SLIPS = {
    "a space after a full-width mark": re.compile(r"[。，、：；？！）] +(?=[^\s·—])"),
    "an ASCII comma between Chinese words": re.compile(rf"[{CJK}] ?, ?[{CJK}]"),
    "an ASCII colon or full stop after Chinese": re.compile(rf"[{CJK}][:.] "),
}
RUSSIAN_MONTHS = "Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь Декабрь"
RUSSIAN_SLIPS = {
    "a capitalised month mid-sentence": re.compile(
        rf"[\w,] ({'|'.join(RUSSIAN_MONTHS.split())}) \d{{4}}"
    ),
}


# Elements that start a line of their own or a cell, and badges: what stands around them is not
# one text.
BLOCKS = re.compile(
    r"</?(?:p|div|li|ul|ol|td|th|tr|h[1-6]|dt|dd|br|section|header|footer|nav|figcaption|"
    r"summary|label)\b[^>]*>"
    r'|<span class="(?:status|badge|facet__count|source-kind)[^"]*"[^>]*>'
)


def visible_lines(page):
    """The page's text as a reader sees it, line by line: no scripts, tags or attributes."""
    page = re.sub(r"<(script|style|select)\b.*?</\1>", "", page, flags=re.S)
    page = BLOCKS.sub("\n", page)
    page = re.sub(r"<[^>]+>", "", page)
    return [html.unescape(line).strip() for line in page.splitlines() if line.strip()]


def slips(client, language, rules):
    found = []
    figure = figure_path(client.get("/en/trade/").text)
    for name, path in PAGE_TYPES:
        response = client.get(in_language(path or figure, language))
        assert response.status_code == STATUS.get(name, 200), name
        for line in visible_lines(response.text):
            for slip, pattern in rules.items():
                for match in pattern.finditer(line):
                    found.append(
                        f"{name}: {slip}: …{line[max(0, match.start() - 20) : match.end() + 20]}…"
                    )
    return found


def test_chinese_pages_use_full_width_punctuation(client):
    assert slips(client, "zh-hans", CHINESE_SLIPS) == []


def test_russian_pages_write_months_in_lower_case_mid_sentence(client):
    assert slips(client, "ru", RUSSIAN_SLIPS) == []
