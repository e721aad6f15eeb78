"""One address for every kind of public page, on the seed content, in English: the HTML checker,
the browser's accessibility checks and the Lighthouse script all visit these.

The trade figure's page has no fixed address (its id is given when the seed loads), so it is
found through the first figure link on the trade page (`FIGURE_LINK`)."""

import re

LANGUAGES = ("en", "zh-hans", "ru")

PROJECT = "china-kazakhstan-lianyungang-logistics-base"

PAGE_TYPES = [
    ("overview", "/en/"),
    ("projects", "/en/projects/"),
    ("projects-filtered", "/en/projects/?country=KZ&status=operational&ordering=-start"),
    ("projects-bad-filter", "/en/projects/?country=XX"),
    ("project", f"/en/projects/{PROJECT}/"),
    ("summits", "/en/summits/"),
    ("summit", "/en/summits/2023-xian-china-central-asia-summit/"),
    ("commitments", "/en/commitments/"),
    ("commitment", "/en/commitments/china-kazakhstan-trade-40bn-by-2015/"),
    ("articles", "/en/articles/"),
    ("article", "/en/articles/china-central-asia-cooperation-shows-no-signs-of-slowing/"),
    ("finance", "/en/finance/"),
    ("finance-record", "/en/finance/39539/"),
    ("trade", "/en/trade/"),
    ("trade-figure", None),
    ("countries", "/en/countries/"),
    ("country", "/en/countries/kazakhstan/"),
    ("search", "/en/search/?q=railway"),
    ("search-form", "/en/search/"),
    ("changes", f"/en/projects/{PROJECT}/changes/"),
    ("correction", f"/en/corrections/project/{PROJECT}/"),
    ("about", "/en/about/"),
    ("licence", "/en/licence/"),
    ("not-found", "/en/no-such-page/"),
]

STATUS = {"not-found": 404, "projects-bad-filter": 400}

FIGURE_LINK = re.compile(r'href="(/en/trade/figures/\d+/)"')


def in_language(path, language):
    return f"/{language}/" + path.removeprefix("/en/")


def figure_path(trade_page_html):
    """The first trade figure's own page, as the trade page links it."""
    return FIGURE_LINK.search(trade_page_html)[1]
