"""A summit page tells each pledge made there through to now: when it was made, what happened
since (with links to the records), its deadline and status, in date order; and it lists the
documents adopted once."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils.html import escape

from cooperation.models import Commitment, Evidence, Project, Summit

from .test_page_query_counts import count_queries

pytestmark = pytest.mark.django_db


def summit(slug):
    return Summit.objects.get(slug=slug)


def pledge_block(page, slug):
    found = re.search(
        rf'<li class="pledge" id="pledge-{slug}">(.*?)</ol>\s*(?:<p|</li>)', page, re.S
    )
    assert found, slug
    return found[1]


def test_the_xian_summit_tells_its_pledge_from_the_day_it_was_made(client):
    page = client.get(summit("2023-xian-china-central-asia-summit").get_absolute_url()).text
    assert "What was promised here, and what happened since" in page
    block = pledge_block(page, "china-central-asia-financing-26bn-yuan")
    assert "Unclear" in block and "no deadline" in block
    dates = re.findall(r"<strong>([^<]+)</strong>", block)
    assert dates[0] == "18 May 2023"  # pledged on the summit's first day
    assert "Pledged at this meeting" in block
    assert "24.kg reported a USD 210 million Chinese grant" in block  # what happened since
    assert dates[-1].endswith("2025")  # the latest last


def test_a_trade_target_shows_what_the_figures_say_and_its_deadline(client):
    page = client.get(summit("2022-virtual-china-central-asia-summit").get_absolute_url()).text
    block = pledge_block(page, "china-central-asia-trade-70bn-by-2030")
    assert "The trade figures say:" in block
    assert "deadline 2030, ahead" in block
    steps = re.findall(r"<strong>([^<]+)</strong>", block)
    assert steps[-1] == "2030"  # the deadline closes the timeline
    assert '<li class="timeline__deadline">' in block


def test_a_passed_deadline_says_so(client):
    commitment = Commitment.objects.get(slug="china-central-asia-grants-1-5bn-yuan-in-2025")
    page = client.get(commitment.made_at.get_absolute_url()).text
    block = pledge_block(page, commitment.slug)
    assert "deadline 2025, passed" in block and "Deadline (passed)" in block


def test_evidence_links_the_records_it_rests_on(client, django_capture_on_commit_callbacks):
    commitment = Commitment.objects.get(slug="china-central-asia-financing-26bn-yuan")
    project = Project.objects.published().first()
    entry = Evidence.objects.filter(commitment=commitment).order_by("date").last()
    with django_capture_on_commit_callbacks(execute=True):
        entry.projects.add(project)
        commitment.save()
    cache.clear()
    page = client.get(commitment.made_at.get_absolute_url()).text
    block = pledge_block(page, commitment.slug)
    assert f'<a href="{project.get_absolute_url()}">{project.title}</a>' in block


def test_the_documents_adopted_are_listed_once(client):
    xian = summit("2023-xian-china-central-asia-summit")
    page = client.get(xian.get_absolute_url()).text
    assert "Documents adopted" not in page
    for outcome in xian.outcomes.all():
        assert page.count(f"{escape(outcome.title)}</") == 1, outcome.title


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_the_timeline_speaks_the_page_language(client, language):
    page = client.get(
        f"/{language}" + summit("2022-virtual-china-central-asia-summit").get_absolute_url()[3:]
    ).text
    assert "Pledged at this meeting" not in page and "The trade figures say" not in page


def test_a_summit_page_costs_the_same_with_one_pledge_or_six(client):
    host = summit("2023-xian-china-central-asia-summit")
    template = Commitment.objects.get(slug="china-central-asia-financing-26bn-yuan")
    small = count_queries(client, host.get_absolute_url())
    for n in range(5):
        copy = Commitment.objects.get(pk=template.pk)
        copy.pk = None
        copy.slug = f"pledge-copy-{n}"
        copy.deadline = datetime.date(2030 + n, 1, 1)
        copy.save()
        copy.parties.set(template.parties.all())
        for entry in template.evidence.all():
            entry.pk = None
            entry.commitment = copy
            entry.save()
    cache.clear()
    large = count_queries(client, host.get_absolute_url())
    assert small == large
