"""Retake the screenshots in docs/editors.md from the real admin.

Usage (with the site running, e.g. `make run`, and an editor account from `make editor`):
    .venv/bin/python docs/tools/editor_screenshots.py http://127.0.0.1:8000 USERNAME PASSWORD
Needs Debian's Chromium (/usr/bin/chromium), and fonts-noto-cjk for the Chinese titles (without it
they are drawn as boxes). tests/browser/test_editor_screenshots.py runs it
against a freshly seeded site, so it cannot fall behind the admin. For the review queue's picture
it submits a change to the first project for review (the published project is not changed):
send it back from the queue afterwards. For the history and the comparison of two versions, on a
site where the first project has only one version, it adds a note to the first source (an
editor may change a source directly) and shows that source's.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "img"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
TRADE_CSV = (
    "reporter,partner,flow,period,year,month,value_usd,change_pct,source_url\n"
    "CN,KZ,total,annual,2024,,43.9 bn,0.4,{url}\n"
    'CN,GE,exports,annual,2025,,"1,234,000,000",,{url}\n'
)


def main(site, username, password, out=OUT):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        shoot(browser, site, username, password, out)
        browser.close()


def shoot(browser, site, username, password, out=OUT):
    out = Path(out)
    out.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(lambda address: "/admin/login/" not in address)
    if "password_change" in page.url:
        raise SystemExit("Sign in once and change the generated password first.")
    page.screenshot(path=out / "admin-home.png")

    page.goto(f"{site}/admin/cooperation/project/")
    page.screenshot(path=out / "project-list.png")
    page.click("table#result_list tbody tr:first-child th a")
    page.wait_for_selector(".markdown-editor")
    page.screenshot(path=out / "project-form.png")
    page.locator(".markdown-editor").first.scroll_into_view_if_needed()
    page.locator("fieldset").first.screenshot(path=out / "markdown-preview.png")
    form_url = page.url
    page.click("a.historylink")
    if not page.locator(".history-compare input[type=submit]").count():
        # One version (a freshly seeded site): nothing to compare on this project, and an editor
        # changes a published one through the review queue. A source they may change directly.
        add_a_note_to_the_first_source(page, site)
    page.screenshot(path=out / "history.png")
    compare = page.locator(".history-compare input[type=submit]")
    # The button submits a form: wait for the comparison page, or the picture may be taken
    # mid-navigation (Chromium then refuses to capture it).
    with page.expect_navigation():
        compare.click()
    page.screenshot(path=out / "compare-versions.png")

    page.goto(form_url)
    title = page.locator("#id_title_en")
    title.fill(title.input_value() + " (phase two)")
    page.fill("#id_change_reason", "The second phase was announced")
    page.click("input[name=_submit_review]")
    page.wait_for_selector(".review-pending")
    page.goto(f"{site}/admin/reviews/")
    page.screenshot(path=out / "review-queue.png", full_page=True)

    page.goto(f"{site}/admin/cooperation/tradestatistic/import/")
    url = page.evaluate(
        "async () => (await (await fetch('/admin/cooperation/source/?q=bne')).text())"
    )
    source = url.split('href="https://', 1)[1].split('"', 1)[0] if 'href="https://' in url else ""
    # Handed to the browser as it is, not through a file left behind in the temporary folder.
    trade_csv = TRADE_CSV.format(url=f"https://{source}").encode()
    page.set_input_files(
        "#id_import_file", {"name": "trade.csv", "mimeType": "text/csv", "buffer": trade_csv}
    )
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector(".import-summary, .import-errors, .errorlist")
    page.screenshot(path=out / "import-preview.png", full_page=True)

    page.goto(f"{site}/admin/deleted/")
    page.screenshot(path=out / "deleted-records.png")
    context.close()


def add_a_note_to_the_first_source(page, site):
    """Save the first source with a note and a reason, and open its history: two versions."""
    page.goto(f"{site}/admin/cooperation/source/")
    page.click("table#result_list tbody tr:first-child th a")
    notes = page.locator("#id_notes")
    notes.fill((notes.input_value() + "\n\nLink checked: the page still answers.").strip())
    page.fill("#id_change_reason", "Checked the link")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    page.click("a.historylink")


if __name__ == "__main__":
    main(*sys.argv[1:4])
