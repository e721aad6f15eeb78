"""A page's content kept whole under the content version (`KeptContentMixin`): another address
of the same page (a tracking parameter, a cache-busting one, a signed-in reader) renders only the
frame around it, and shows nothing the content version, address, language and day do not
decide: never a preview, never an edit the version has not seen, never another host's links."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.forms import MultiWidget
from django.urls import reverse

from cooperation.filters import (
    ArticleFilter,
    CommitmentFilter,
    FinanceRecordFilter,
    ProjectFilter,
    SummitFilter,
)
from cooperation.models import (
    Article,
    FinanceRecord,
    Project,
    PublicationStatus,
    Summit,
    TradeStatistic,
)
from cooperation.search import clean_query

from .query_counts import count_queries
from .test_admin import project_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    connection._content_bump = None  # the test's transaction never commits


def page_of(kind):
    if kind == "overview":
        return "/ru/"
    if kind == "country":
        return "/en/countries/kazakhstan/"
    if kind == "countries":
        return "/zh-hans/countries/"
    if kind == "commitment":  # a target tracked by trade figures, with its chart
        return "/ru/commitments/china-kazakhstan-trade-40bn-by-2015/"
    model = {
        "project": Project,
        "summit": Summit,
        "article": Article,
        "finance": FinanceRecord,
    }
    record = model[kind].objects.published().order_by("pk").first()
    with_language = {"project": "zh-hans", "summit": "ru"}.get(kind, "en")
    return f"/{with_language}{record.get_absolute_url()[3:]}"


KINDS = ["project", "country", "summit", "finance", "article", "commitment"]
KINDS += ["overview", "countries"]
WITHOUT_A_RECORD = {"overview", "countries"}


@pytest.mark.parametrize("kind", KINDS)
def test_another_address_of_a_page_reads_only_the_version_and_the_record(
    client, settings, shared_cache, kind
):
    path = page_of(kind)
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = client.get(path).content
    settings.PUBLIC_CACHE_SECONDS = 300
    assert count_queries(client, path, {"_": "1"}) > 2  # works the content out and keeps it
    # The content version, and the record for the page's title (the overview has none).
    with_tracking = {"utm_source": "newsletter"}
    assert count_queries(client, path, with_tracking) == (1 if kind in WITHOUT_A_RECORD else 2)
    kept = client.get(path, with_tracking).content.replace(b"?utm_source=newsletter", b"")
    assert kept == worked_out
    if kind == "commitment":  # the frame loads the script for the chart in the content
        assert b"js/charts" in kept and b"progress-chart" in kept


def test_kept_content_is_shown_until_the_content_changes(
    client, shared_cache, django_capture_on_commit_callbacks
):
    project = Project.objects.published().order_by("pk").first()
    path = project.get_absolute_url()
    assert f"<h1>{project.title}</h1>" in client.get(path).text
    # A write that bypasses the content version (no signal) shows the content is kept
    # (the frame reads the record, so its <title> would show such a write; the content not).
    Project.objects.filter(pk=project.pk).update(title_en="Renamed behind the version")
    assert "<h1>Renamed behind the version</h1>" not in client.get(path, {"_": "1"}).text

    project.refresh_from_db()
    project.title = "Renamed by an editor"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    assert "<h1>Renamed by an editor</h1>" in client.get(path, {"_": "2"}).text


def test_kept_content_is_worked_out_again_the_next_day(client, shared_cache, monkeypatch):
    """Deadlines pass and citations say "accessed <day>": the day is part of the key."""
    path = page_of("country")
    client.get(path)
    assert count_queries(client, path, {"_": "1"}) == 2

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    calendar = SimpleNamespace(date=SimpleNamespace(today=lambda: tomorrow))
    monkeypatch.setattr("cooperation.caching.datetime", calendar)
    assert count_queries(client, path, {"_": "2"}) > 2


def test_content_kept_by_the_release_before_is_not_reused(client, shared_cache, monkeypatch):
    """A new release's static files have new names: kept content linking to the old ones (the
    map's basemap, say) would point at files that are gone."""
    path = page_of("project")
    client.get(path)
    assert count_queries(client, path, {"_": "1"}) == 2
    monkeypatch.setattr("cooperation.caching.release", lambda: "the-next-release")
    assert count_queries(client, path, {"_": "2"}) > 2
    assert client.get(path, {"_": "3"})["X-Cache"] == "miss"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_a_preview_of_unsaved_changes_never_reads_or_fills_kept_content(
    client, editor_client, shared_cache
):
    project = Project.objects.published().filter(milestones__isnull=True).order_by("pk").first()
    from django.test import Client

    reader = Client()
    assert f"<h1>{project.title}</h1>" in reader.get(project.get_absolute_url()).text

    url = reverse("admin:cooperation_project_change", args=[project.pk])
    data = project_form(project, title_en="A title not saved yet", _preview="Preview")
    preview = editor_client.post(url, data)
    assert "<h1>A title not saved yet</h1>" in preview.text

    after = reader.get(project.get_absolute_url(), {"_": "1"}).text
    assert f"<h1>{project.title}</h1>" in after and "not saved yet" not in after


def test_a_drafts_preview_is_never_kept(client, editor_client, shared_cache):
    draft = Project.objects.published().order_by("pk").first()
    Project.objects.filter(pk=draft.pk).update(publication_status=PublicationStatus.DRAFT)
    path = draft.get_absolute_url()
    preview = editor_client.get(path, {"preview": "1"})
    assert preview.status_code == 200 and f"<h1>{draft.title}</h1>" in preview.text
    from django.test import Client

    assert Client().get(path, {"_": "1"}).status_code == 404


def test_a_request_for_another_host_never_fills_kept_content(client, settings, shared_cache):
    """The content cites its own address: a host name of the request's choosing (S3) is
    answered, but its content is never kept for anyone."""
    settings.ALLOWED_HOSTS = ["example.org", "testserver"]
    path = page_of("country")
    spoofed = client.get(path, HTTP_HOST="example.org:8443")
    assert "example.org:8443" in spoofed.text
    assert count_queries(client, path, {"_": "1"}, HTTP_HOST="example.org:8443") > 2
    reader = client.get(path, {"_": "2"}, HTTP_HOST="example.org")
    assert "example.org:8443" not in reader.text and "http://example.org/" in reader.text


def test_a_host_name_in_capitals_never_fills_kept_content(client, settings, shared_cache):
    settings.ALLOWED_HOSTS = ["example.org", "testserver"]
    path = page_of("country")
    assert "http://EXAMPLE.ORG/" in client.get(path, HTTP_HOST="EXAMPLE.ORG").text
    reader = client.get(path, {"_": "1"}, HTTP_HOST="example.org")
    assert "EXAMPLE.ORG" not in reader.text and "http://example.org/" in reader.text


def test_a_country_pages_finance_link_lists_the_finance_it_received(client):
    """The site's menu names its own `finance_url`; the page's link once took the menu's and
    led to every finance record instead of the country's."""
    page = client.get("/en/countries/kazakhstan/").text
    assert 'href="/en/finance/?country=KZ"' in page


def test_the_trade_page_is_kept_by_the_choices_given(client, settings, shared_cache):
    path = "/zh-hans/trade/?flow=exports&reporter=partners"
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = client.get(path).content
    settings.PUBLIC_CACHE_SECONDS = 300
    assert count_queries(client, path + "&_=1") > 1
    assert count_queries(client, path + "&utm_source=newsletter") == 1  # the content version
    kept = client.get(path + "&utm_source=newsletter").content
    assert kept.replace(b"&amp;utm_source=newsletter", b"") == worked_out
    # Another choice is another page.
    assert count_queries(client, "/zh-hans/trade/?flow=imports&reporter=partners&_=2") > 1


def test_the_trade_pages_links_carry_the_choices_and_nothing_else(client, shared_cache):
    page = client.get("/en/trade/?reporter=partners&utm_source=newsletter").text
    assert 'href="?reporter=partners&amp;view=region"' in page
    assert 'href="?reporter=partners&amp;format=csv"' in page
    region = client.get("/en/trade/?view=region&reporter=partners&_=1").text
    assert 'href="?reporter=partners"' in region  # back to each state


def test_a_refused_trade_choice_is_never_kept(client, shared_cache):
    for n in range(2):
        refused = client.get("/en/trade/", {"flow": "sideways", "_": str(n)})
        assert refused.status_code == 400 and "sideways" in refused.text


def test_the_trade_page_with_no_choice_given_shows_the_defaults(client, settings):
    """A parameter the page does not know binds no choice: the same page as none at all."""
    plain = client.get("/en/trade/").content
    tracked = client.get("/en/trade/", {"utm_source": "newsletter"}).content
    assert tracked.replace(b"?utm_source=newsletter", b"") == plain
    assert b'<option value="total" selected>' in plain


LISTS = [
    "/en/projects/?status=operational&ordering=title",
    "/ru/summits/",
    "/zh-hans/commitments/?status=achieved",
    "/en/finance/?page=2",
    "/en/articles/",
]


@pytest.mark.parametrize("path", LISTS)
def test_another_address_of_a_list_reads_only_the_version(client, settings, shared_cache, path):
    """A list's content follows from its own parameters (filters, order, page): another
    address of the same list renders only the frame around it, to the byte as worked out."""
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = client.get(path).content
    settings.PUBLIC_CACHE_SECONDS = 300
    joiner = "&" if "?" in path else "?"
    assert count_queries(client, f"{path}{joiner}_=1") > 2  # works the content out
    tracked = f"{path}{joiner}utm_source=newsletter"
    assert count_queries(client, tracked) == 1  # the content version
    kept = client.get(tracked).content
    # Only the language switcher (in the frame) carries the tracking parameter along.
    assert kept.replace(f"{joiner}utm_source=newsletter".replace("&", "&amp;").encode(), b"") == (
        worked_out
    )


def test_a_lists_links_carry_its_own_parameters_in_one_order(client, shared_cache):
    page = client.get("/en/projects/?utm_source=news&ordering=title&status=operational&_=1").text
    content = page[page.index("<main") : page.index("</main>")]
    assert 'href="?status=operational&amp;ordering=title&amp;format=csv"' in content
    assert 'href="/en/projects/?ordering=title"' in content  # the status's chip takes it away
    assert "utm_source" not in content and "_=1" not in content
    # The same list asked in another order is the same content, kept. (A filter by country
    # reads the codes it is given, to refuse an unknown one: one query more.)
    assert count_queries(client, "/en/projects/?status=operational&ordering=title&_=2") == 1
    paged = client.get("/en/finance/?page=2&ordering=-committed&_=3").text
    assert 'rel="prev" href="?ordering=-committed&amp;page=1"' in paged


@pytest.mark.parametrize("query", [{"ordering": "sideways"}, {"page": "99"}])
def test_a_refused_list_answers_its_message_every_time(client, shared_cache, query):
    """The filters and page are judged before kept content is looked for."""
    for n in range(2):
        refused = client.get("/en/projects/", {**query, "_": str(n)})
        assert refused.status_code == 400 and 'class="form-errors"' in refused.text


def test_a_kept_list_follows_an_edit(client, shared_cache, django_capture_on_commit_callbacks):
    project = Project.objects.published().filter(status="operational").first()
    assert project.title in client.get("/en/projects/?status=operational").text
    project.title = "Renamed by an editor"
    with django_capture_on_commit_callbacks(execute=True):
        project.save()
    assert "Renamed by an editor" in client.get("/en/projects/?status=operational&_=1").text


def test_a_search_is_kept_by_its_words(client, settings, shared_cache, monkeypatch):
    """Its matches are kept per kind of record too (`search_everything`); the page kept whole
    spares unpickling them and rendering the results."""
    path = "/ru/search/?q=railway"
    settings.PUBLIC_CACHE_SECONDS = 0
    worked_out = client.get(path).content
    settings.PUBLIC_CACHE_SECONDS = 300
    assert count_queries(client, path + "&_=1") > 1

    def search_again(*args):
        raise AssertionError("searched again")

    monkeypatch.setattr("cooperation.views.search.search_everything", search_again)
    assert count_queries(client, path + "&utm_source=newsletter") == 1  # the content version
    kept = client.get(path + "&utm_source=newsletter").content
    assert kept.replace(b"&amp;utm_source=newsletter", b"") == worked_out
    # The same words, written with other spaces, are the same search; other words another.
    assert client.get("/ru/search/?q=++railway+&_=2").status_code == 200
    with pytest.raises(AssertionError, match="searched again"):
        client.get("/ru/search/?q=pipeline&_=3")


def test_a_refused_search_is_never_kept(client, shared_cache):
    words = "rail " + "railway " * 50
    for n in range(2):
        refused = client.get("/en/search/", {"q": words, "_": str(n)})
        assert refused.status_code == 400 and "too long" in refused.text
    # The same words cut to 200 characters, as the refused search was, share its key: had
    # the refusal been kept, this search would show it.
    cut = client.get("/en/search/", {"q": clean_query(words)})
    assert cut.status_code == 200 and "too long" not in cut.text and "<mark>" in cut.text


def test_the_about_pages_counts_are_kept_until_the_content_changes(
    client, shared_cache, django_capture_on_commit_callbacks
):
    def counted(text):
        return re.search(r"holds ([\d,]+) trade figures citing ([\d,]+) sources", text).groups()

    before = counted(client.get("/en/about/").text)
    assert count_queries(client, "/en/about/?_=1") == 1  # the content version
    figure = TradeStatistic.objects.published().first()
    with django_capture_on_commit_callbacks(execute=True):
        figure.pk = None
        figure.year = 1995
        figure.save()
    after = counted(client.get("/en/about/?_=2").text)
    assert int(after[0].replace(",", "")) == int(before[0].replace(",", "")) + 1


@pytest.mark.parametrize(
    "filterset_class",
    [ProjectFilter, SummitFilter, CommitmentFilter, FinanceRecordFilter, ArticleFilter],
    ids=lambda cls: cls.__name__,
)
def test_each_list_filter_reads_the_parameter_of_its_own_name(filterset_class):
    """A list's content is kept under the values of its form's fields, read by their names
    (`own_query`): a field whose widget read other parameters (a range's `_min` and `_max`)
    would leave them out of the key, and two lists would share one content."""
    for name, field in filterset_class().form.fields.items():
        assert not isinstance(field.widget, MultiWidget), name
