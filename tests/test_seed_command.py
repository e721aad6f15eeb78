"""`manage.py seed` loads the sourced seed content, idempotently, and never overwrites editors."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from cooperation.models import (
    Article,
    Country,
    CountryRole,
    Organization,
    Project,
    Sector,
    Summit,
    TradeFlow,
    TradePeriod,
    TradeStatistic,
    status_from_milestones,
)
from cooperation.services.seeding import fixture_paths

pytestmark = pytest.mark.django_db

CENTRAL_ASIA = ["KZ", "KG", "TJ", "TM", "UZ"]


def run_seed(*paths):
    out = StringIO()
    call_command("seed", *map(str, paths), stdout=out)
    return out.getvalue()


def history_rows():
    return sum(
        model.history.count()
        for model in (Country, Organization, Sector, Project, Summit, TradeStatistic, Article)
    )


def test_it_loads_the_countries_with_capitals_coordinates_and_strategies():
    for iso2 in CENTRAL_ASIA:
        country = Country.objects.get(iso2=iso2)
        assert country.role == CountryRole.CENTRAL_ASIA
        assert country.capital and country.latitude is not None
        assert country.current_strategy is not None, iso2
    assert Country.objects.get(iso2="CN").role == CountryRole.CHINA
    assert set(Country.objects.filter(role=CountryRole.TRANSIT).values_list("iso2", flat=True)) >= {
        "AZ",
        "GE",
    }
    region = Country.objects.get(iso2="XC")
    assert sorted(region.members.values_list("iso2", flat=True)) == sorted(CENTRAL_ASIA)


def test_it_loads_the_sectors_and_the_named_organizations():
    assert Sector.objects.count() >= 7
    names = " ".join(Organization.objects.values_list("name", flat=True))
    for name in ["BYD", "Geely", "BAIC", "Shanghai Cooperation Organisation", "Secretariat"]:
        assert name.lower() in names.lower(), name


def test_it_loads_twelve_or_more_sourced_projects():
    projects = Project.objects.published()
    assert projects.count() >= 12
    for project in projects:
        assert project.sources.exists(), project.slug
        assert project.countries.exists(), project.slug
    titles = " ".join(projects.values_list("title", flat=True)).lower()
    for words in [
        "lianyungang",
        "tajikistan highway",
        "trans-caspian",
        "kyrgyzstan",
        "gas pipeline",
    ]:
        assert words in titles, words
    assert projects.exclude(latitude=None).count() >= 12


def test_every_project_status_agrees_with_its_latest_milestone():
    for project in Project.objects.prefetch_related("milestones"):
        implied = status_from_milestones(project.milestones.all())
        assert implied in (None, project.status), project.slug


def test_it_loads_eight_or_more_summits_with_outcomes():
    summits = Summit.objects.published()
    assert summits.count() >= 8
    xian = summits.get(start_date__year=2023, series__slug="china-central-asia-summit")
    assert xian.city == "Xi'an"
    assert xian.outcomes.filter(kind="declaration", title__icontains="Xi'an Declaration").exists()
    assert summits.filter(start_date__year=2025, city="Astana").exists()
    assert summits.filter(series__slug="sco-heads-of-state").count() >= 5
    for summit in summits:
        assert summit.sources.exists(), summit.slug


def test_it_loads_china_reported_annual_trade_with_each_central_asian_state():
    annual_totals = TradeStatistic.objects.published().filter(
        reporter__iso2="CN", flow=TradeFlow.TOTAL, period=TradePeriod.ANNUAL
    )
    for iso2 in CENTRAL_ASIA:
        years = set(annual_totals.filter(partner__iso2=iso2).values_list("year", flat=True))
        assert {2023, 2024} <= years, iso2
        assert len(years) >= 5, iso2
    assert annual_totals.filter(partner__iso2="XC").count() >= 5


def test_it_loads_partner_reported_figures_for_mirror_comparison():
    for iso2 in ["KZ", "KG", "TJ", "UZ"]:
        assert TradeStatistic.objects.filter(reporter__iso2=iso2, partner__iso2="CN").exists()


def test_china_reported_trade_with_kazakhstan_in_2023_reads_back_as_the_data_gives_it():
    figure = TradeStatistic.objects.get(
        reporter__iso2="CN",
        partner__iso2="KZ",
        flow=TradeFlow.TOTAL,
        period=TradePeriod.ANNUAL,
        year=2023,
    )
    assert figure.value_usd == Decimal("41000000000")
    assert figure.change_pct == Decimal("32")
    assert figure.source.publisher == "bne IntelliNews"


def test_the_central_asia_total_for_2024_reads_back_as_the_data_gives_it():
    figure = TradeStatistic.objects.get(
        reporter__iso2="CN",
        partner__iso2="XC",
        flow=TradeFlow.TOTAL,
        period=TradePeriod.ANNUAL,
        year=2024,
    )
    assert figure.value_usd == Decimal("94820000000")
    assert "Astana Times" in figure.source.publisher


def test_kazakhstans_own_2023_figure_is_stored_beside_chinas():
    figure = TradeStatistic.objects.get(
        reporter__iso2="KZ", partner__iso2="CN", flow=TradeFlow.TOTAL, year=2023, period="annual"
    )
    assert figure.value_usd == Decimal("31400000000")


def test_it_loads_the_seed_article_with_its_links():
    article = Article.objects.published().get(
        slug="china-central-asia-cooperation-shows-no-signs-of-slowing"
    )
    assert article.title_zh_hans == "中国—中亚合作势头不减"  # the original headline
    assert article.countries.filter(iso2="KZ").exists()
    assert article.projects.filter(title__icontains="Lianyungang").exists()
    assert article.summits.filter(start_date__year=2023).exists()
    assert article.sources.exists()


def test_a_second_run_creates_and_changes_nothing():
    before = history_rows()
    output = run_seed()
    assert "Seed content already up to date." in output
    assert " 0 created, 0 updated" in output
    assert history_rows() == before


def test_an_edited_record_survives_a_reseed(tmp_path):
    project = Project.objects.get(slug=first_project_slug())
    project.title = "Title fixed by an editor"
    project.save()

    changed = rewrite_fixture(tmp_path, first_project_slug(), title_en="Title changed upstream")
    output = run_seed(changed)

    project.refresh_from_db()
    assert project.title == "Title fixed by an editor"
    assert "1 kept as editors left them" in output


def test_a_changed_fixture_updates_a_record_no_editor_touched(tmp_path):
    changed = rewrite_fixture(tmp_path, first_project_slug(), title_en="Title changed upstream")
    output = run_seed(changed)
    project = Project.objects.get(slug=first_project_slug())
    assert project.title == "Title changed upstream"
    assert "cooperation.project: 0 created, 1 updated" in output
    # One version more, a change (not a second "created"), with the seed's reason and links.
    created, corrected = project.history.order_by("history_date", "history_id")
    assert (created.history_type, corrected.history_type) == ("+", "~")
    assert corrected.title_en == "Title changed upstream"
    assert corrected.history_change_reason.startswith("Corrected by the seed content")
    assert {row.country_id for row in corrected.countries.all()} == {
        country.pk for country in project.countries.all()
    }


def test_a_record_an_editor_deleted_is_not_brought_back():
    project = Project.objects.get(slug=first_project_slug())
    project.partnerships.all().delete()
    project.milestones.all().delete()
    project.articles.clear()
    project.delete()
    run_seed()
    assert not Project.objects.filter(slug=first_project_slug()).exists()


def first_project_slug():
    entries = json.loads(project_fixture().read_text(encoding="utf-8"))
    return next(e["fields"]["slug"] for e in entries if e["model"] == "cooperation.project")


def project_fixture():
    return next(path for path in fixture_paths() if "projects" in path.name)


def rewrite_fixture(tmp_path, slug, **changes):
    entries = json.loads(project_fixture().read_text(encoding="utf-8"))
    entry = next(
        e for e in entries if e["model"] == "cooperation.project" and e["fields"]["slug"] == slug
    )
    entry["fields"].update(changes)
    path = tmp_path / "projects.json"
    path.write_text(json.dumps([entry]), encoding="utf-8")
    return path


def test_it_loads_the_commitments_with_evidence_and_statuses():
    from cooperation.models import Commitment

    commitments = Commitment.objects.published()
    assert commitments.count() >= 25
    assert {"achieved", "in_progress", "missed", "unclear", "behind"} <= set(
        commitments.values_list("status", flat=True)
    )
    for commitment in commitments:
        assert commitment.sources.exists(), commitment.slug
        assert commitment.status_justification, commitment.slug
    assert commitments.filter(evidence__isnull=False).distinct().count() >= 20
    xian = Summit.objects.get(series__slug="china-central-asia-summit", edition=1)
    assert xian.commitments.published().exists()
    renewables = commitments.filter(slug__startswith="kazakhstan-renewables")
    assert any(c.conflicts_with.exists() for c in renewables)
