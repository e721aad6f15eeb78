"""The data audit's findings on projects and sources (D21–D25, D28 with V17), as the seed loads
them into a new database and corrects them in one seeded before."""

import json
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from cooperation.models import (
    Project,
    ProjectMilestone,
    ProjectPartner,
    Source,
    TradeStatistic,
)
from cooperation.services.seeding import CORRECTION_REASON, RETIRED_REASON, fixture_paths

pytestmark = pytest.mark.django_db


def seed(tmp_path, name, entries):
    path = tmp_path / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    call_command("seed", str(path), verbosity=0)


def fixture(name):
    path = next(p for p in fixture_paths() if p.name.endswith(name))
    return path, json.loads(path.read_text(encoding="utf-8"))


def part(name, wanted):
    """The entries of a fixture file that `wanted(fields)` picks, and every retired one."""
    return [e for e in fixture(name)[1] if "retired" in e or wanted(e["fields"])]


def project(slug):
    return Project.objects.get(slug=slug)


def milestones(slug):
    return list(
        ProjectMilestone.objects.filter(project__slug=slug)
        .order_by("date")
        .values_list("kind", "date")
    )


# D21
def test_line_a_is_dated_by_its_month_because_the_sources_disagree_on_the_day():
    opened = ProjectMilestone.objects.get(
        project__slug="central-asia-china-gas-pipeline-lines-a-b-c", kind="opened"
    )
    assert str(opened.partial_date) == "December 2009"
    assert "14 December" in opened.description and "15 December" in opened.description


# D22
def test_every_point_says_what_it_marks():
    pointed = Project.objects.published().exclude(latitude=None)
    assert pointed.count() >= 16
    assert not pointed.filter(location_precision="").exists()
    assert project("dushanbe-2-chp").location_precision == "site"
    assert project("khorgos-gateway-dry-port").location_precision == "border_crossing"
    assert project("byd-uzbekistan-factory-jizzakh").location_precision == "city"


def test_points_move_to_the_sites_the_data_locates():
    oil = project("kazakhstan-china-oil-pipeline")  # Atyrau, in Kazakhstan, not Alashankou
    assert (oil.latitude, oil.longitude) == (Decimal("47.11667"), Decimal("51.88333"))
    gas = project("central-asia-china-gas-pipeline-lines-a-b-c")  # no longer on the dry port
    assert (gas.latitude, gas.longitude) == (Decimal("39.20600"), Decimal("63.65500"))
    parliament = project("tajikistan-parliament-government-buildings")
    chanak = project("dushanbe-khujand-chanak-highway")
    assert parliament.location_precision == "approximate"
    assert (parliament.latitude, parliament.longitude) != (chanak.latitude, chanak.longitude)
    assert parliament.sources.filter(publisher__startswith="AidData").exists()


def test_the_project_page_says_what_the_point_and_the_amount_cover(client):
    html = client.get("/en/projects/byd-uzbekistan-factory-jizzakh/").content.decode()
    assert "the city (the site itself is not located)" in html
    assert "one phase only" in html
    html = client.get("/zh-hans/projects/byd-uzbekistan-factory-jizzakh/").content.decode()
    assert "the city (the site itself is not located)" not in html


# D23
def test_line_d_is_suspended_from_the_ministers_statement():
    line_d = project("central-asia-china-gas-pipeline-line-d")
    assert line_d.status == "suspended"
    suspended = line_d.milestones.get(kind="suspended")
    assert suspended.source.url == "https://en.trend.az/casia/tajikistan/3857739.html"


@pytest.mark.parametrize(
    "slug", ["geely-ev-assembly-tashkent-region", "haval-assembly-adm-jizzakh"]
)
def test_a_plan_no_source_has_confirmed_since_is_low_confidence_and_says_so(slug):
    plan = project(slug)
    assert plan.status == "planned" and plan.confidence == "low"
    for language in ("body_en", "body_zh_hans", "body_ru"):
        assert "2023" in getattr(plan, language) or "未经核实" in getattr(plan, language)
    assert "may be out of date" in plan.body_en


def test_milestone_kinds_follow_the_phases():
    assert milestones("khorgos-gateway-dry-port")[0][0] == "phase_opened"  # not "opened" first
    kinds = [kind for kind, _date in milestones("bokhtar-kulob-urban-roads")]
    assert kinds == ["construction_started", "phase_opened", "opened"]


# D24
def test_every_amount_says_how_much_of_the_project_it_covers():
    amounts = Project.objects.published().exclude(investment_amount=None)
    assert not amounts.filter(investment_scope="").exists()
    assert project("kamchik-tunnel-angren-pap-railway").investment_scope == "contract"
    assert project("central-asia-china-gas-pipeline-line-d").investment_scope == "section"


def test_the_api_gives_the_scope_and_what_the_point_marks(api_client):
    body = api_client.get("/api/v1/projects/central-asia-china-gas-pipeline-line-d/").json()
    assert body["investment"]["scope"] == "section"
    assert body["location_precision"] == "endpoint"


# D25
def test_the_development_banks_lend_to_the_wind_farm():
    roles = dict(
        ProjectPartner.objects.filter(project__slug="zhanatas-wind-farm").values_list(
            "organization__slug", "role"
        )
    )
    assert roles["aiib"] == "lender" and roles["ebrd"] == "lender"


# The seed brings a database seeded before these corrections up to date.
OLD_PARTNER = {
    "model": "cooperation.projectpartner",
    "fields": {"project": ["zhanatas-wind-farm"], "organization": ["aiib"], "role": "partner"},
}
OLD_MILESTONE = {
    "model": "cooperation.projectmilestone",
    "fields": {
        "project": ["bokhtar-kulob-urban-roads"],
        "kind": "opened",
        "date": "2018-01-08",
        "precision": "day",
        "source": [
            "China Association of International Engineering Consultants (CAIEC)",
            "China-aided two urban roads in Tajikistan completed and opened for traffic",
            "2018-01-13",
        ],
    },
}


def test_the_seed_removes_what_it_once_wrote_under_a_key_it_corrected(tmp_path):
    seed(tmp_path, "old.json", [OLD_PARTNER, OLD_MILESTONE])
    assert ProjectPartner.objects.filter(organization__slug="aiib", role="partner").exists()
    seed(tmp_path, "new.json", part("_projects.json", lambda f: False))
    assert not ProjectPartner.objects.filter(organization__slug="aiib", role="partner").exists()
    on_the_day = [
        k for k, d in milestones("bokhtar-kulob-urban-roads") if d.isoformat() == "2018-01-08"
    ]
    assert on_the_day == ["phase_opened"]
    removed = ProjectMilestone.history.filter(history_type="-").latest("history_date")
    assert removed.history_change_reason.startswith("Removed by the seed content: ")


def test_every_removal_gives_a_reason_the_history_can_hold():
    field = ProjectMilestone.history.model._meta.get_field("history_change_reason")
    for path in fixture_paths():
        for entry in json.loads(path.read_text(encoding="utf-8")):
            if "retired" in entry:
                assert len(RETIRED_REASON.format(reason=entry["reason"])) <= field.max_length


def test_the_seed_keeps_what_an_editor_changed_under_an_old_key(tmp_path):
    seed(tmp_path, "old.json", [OLD_PARTNER])
    kept = ProjectPartner.objects.get(organization__slug="aiib", role="partner")
    kept.note = "Checked by an editor."
    kept.save()
    seed(tmp_path, "new.json", part("_projects.json", lambda f: False))
    assert ProjectPartner.objects.filter(pk=kept.pk).exists()


def test_a_status_is_corrected_once_the_milestone_that_explains_it_is_in(tmp_path):
    from cooperation.models import SeedState

    _path, entries = fixture("_projects.json")
    line_d = project("central-asia-china-gas-pipeline-line-d")
    line_d.milestones.filter(kind="suspended").delete()
    SeedState.objects.filter(
        model="cooperation.projectmilestone", natural_key__contains='"suspended"'
    ).delete()
    old_all = [
        e
        for e in entries
        if e.get("fields", {}).get("slug") == line_d.slug
        or e.get("fields", {}).get("project") == [line_d.slug]
    ]
    old = json.loads(json.dumps(old_all))
    old[0]["fields"]["status"] = "under_construction"
    old = [e for e in old if e["fields"].get("kind") != "suspended"]
    seed(tmp_path, "old.json", old)
    assert project(line_d.slug).status == "under_construction"
    seed(tmp_path, "new.json", [e for e in entries if "fields" in e and e in old_all])
    corrected = project(line_d.slug)
    assert corrected.status == "suspended"
    assert corrected.history.first().history_change_reason == CORRECTION_REASON


def test_the_retired_trade_figure_of_d2_goes_from_an_old_database(tmp_path):
    _path, entries = fixture("_trade.json")
    uzbek = next(
        e
        for e in entries
        if e.get("fields", {}).get("period") == "ytd"
        and e["fields"]["year"] == 2020
        and e["fields"]["month"] == 11
        and e["fields"]["reporter"] == ["UZ"]
    )
    old = json.loads(json.dumps(uzbek))
    old["fields"]["reporter"], old["fields"]["partner"] = ["CN"], ["UZ"]
    seed(tmp_path, "old.json", [old])
    assert TradeStatistic.objects.filter(reporter__iso2="CN", partner__iso2="UZ", month=11).exists()
    seed(tmp_path, "new.json", [e for e in entries if "retired" in e])
    assert not TradeStatistic.objects.filter(
        reporter__iso2="CN", partner__iso2="UZ", period="ytd", year=2020, month=11
    ).exists()


# D28 and V17: mirrors, scrapers and translation proxies
# Domains the audit (D28) and the visitor review (V17) found serving copies of others' pages.
SCRAPER_DOMAINS = {
    "yuzhongnet.com", "m.tyhy56.com", "aolaikelin.cn", "61ed.com", "m.o-olink.com", "whysw.org",
    "annekabbott.com", "jl-tradealbania.com", "dichtienghoa.com", "staging.rferl.org",
    "silkroad2021.org", "muslat.com", "ohiominer.com", "dianli.yktworld.com", "ahcaijing.com",
    "finance.livermore.com", "soarmovie.com", "pricecafe.net", "a1killmaster.com", "tgoop.com",
    "fdocuments.in", "cluster.bluemelon.io", "hozir.org", "askwikinow.com", "fanyv88.com",
    "scientiaen.com", "ipfs.dweb.link", "qaz.wiki", "piglix.com", "wikizero.org", "wikimili.com",
    "wikiwand.com", "wikisort.org", "osmarks.net", "iiab.me", "lmno.pp.ua", "sagapedia.com",
    "abcdef.wiki", "conceptmap.cfapps.io", "perceptiopt.com", "pttnews.cc", "kebev.com",
    "xebersaati.com", "oolori.wiki", "breakinglatest.news",
}  # fmt: skip
COPY_WORDS = ("mirror", "translation proxy", "repost", "republish", "reprint", "copy", " via ")


def on_scraper(source):
    host = urlsplit(source.url).hostname or ""
    return any(host == domain or host.endswith("." + domain) for domain in SCRAPER_DOMAINS)


def looks_like_a_copy(source):
    described = f"{source.publisher} {source.title}".lower()
    return on_scraper(source) or any(word in described for word in COPY_WORDS)


def test_no_source_on_a_known_scraper_domain_is_unmarked():
    unmarked = [s.url for s in Source.objects.all() if on_scraper(s) and not s.is_copy]
    assert unmarked == []


def test_no_published_record_rests_on_an_unmarked_copy_alone():
    resting = []
    for model in (Project, TradeStatistic):
        for record in model.objects.published().prefetch_related(
            "sources" if model is Project else "other_sources"
        ):
            cited = (
                list(record.sources.all())
                if model is Project
                else [record.source, *record.other_sources.all()]
            )
            originals = [s for s in cited if not looks_like_a_copy(s)]
            if not originals and any(not s.is_copy for s in cited):
                resting.append(str(record))
    assert resting == []


def test_a_copys_publisher_no_longer_names_a_mirror_once_the_link_is_the_original():
    for source in Source.objects.filter(link="original"):
        assert "(mirror" not in source.publisher, source
        assert "translation proxy" not in source.publisher, source


def test_wikipedia_copies_give_way_to_wikipedia():
    torugart = Source.objects.get(publisher="Wikipedia", title="Torugart Pass")
    assert torugart.url == "https://en.wikipedia.org/wiki/Torugart_Pass"
    assert "piglix.com" in torugart.notes


def test_readers_see_a_copy_marked_beside_its_link(client):
    copy = Source.objects.public().filter(link="mirror").first()
    project_ = Project.objects.published().filter(sources=copy).first()
    html = client.get(project_.get_absolute_url()).content.decode()
    assert "a copy on a mirror or scraper site" in html


def test_the_api_says_where_a_link_leads(api_client):
    copy = Source.objects.public().filter(link="mirror").first()
    assert api_client.get(f"/api/v1/sources/{copy.pk}/").json()["link"] == "mirror"


def test_the_seed_renames_a_source_it_wrote_under_a_mirrors_name(tmp_path):
    renamed = Source.objects.get(publisher="China Daily", title__startswith="Nation to further")
    old_key = ["China Daily (mirror)", renamed.title, renamed.published_on.isoformat()]
    back = {
        "model": "cooperation.source",
        "renamed_from": ["China Daily", renamed.title, renamed.published_on.isoformat()],
        "fields": {"title": renamed.title, "publisher": old_key[0], "published_on": old_key[2]},
    }
    seed(tmp_path, "old.json", [back])
    assert Source.objects.get(pk=renamed.pk).publisher == "China Daily (mirror)"
    seed(tmp_path, "sources.json", part("_sources.json", lambda f: f.get("title") == renamed.title))
    again = Source.objects.get(pk=renamed.pk)
    assert again.publisher == "China Daily"
    assert again.history.first().history_change_reason == CORRECTION_REASON


# D4: a figure that passes on the other side's is no mirror
def test_turkmenistans_2024_figure_is_chinas_passed_on_and_left_out_of_the_mirror_table(client):
    turkmen = TradeStatistic.objects.get(
        reporter__iso2="TM", partner__iso2="CN", flow="total", period="annual", year=2024
    )
    assert turkmen.basis == "mirrored" and not turkmen.is_computed
    html = client.get("/en/trade/").content.decode()
    mirror = html[html.index('id="mirror-table"') :].split("</table>")[0]
    assert f"/en/trade/figures/{turkmen.pk}/" not in mirror
    assert "/en/trade/figures/" in mirror  # the other partners' comparisons stay


# D17: a partner's line is not drawn across publishers
def test_a_partner_line_breaks_where_the_publisher_changes(client):
    chart = client.get("/en/countries/kazakhstan/").context["trade_chart"]
    own = next(d for d in chart["datasets"] if d["key"] == "KZ" and d["dashed"])
    by_year = dict(zip(chart["labels"], own["publishers"], strict=True))
    assert by_year[2023] != by_year[2024]  # national statistics, then the EDB
    assert by_year[2022] == by_year[2023]
    assert chart["breaks"] is True
    html = client.get("/en/countries/kazakhstan/").content.decode()
    assert "figures from different statistics offices are not joined" in html


# D29(b): a bilateral target measured on both sides' figures
def test_a_kazakh_target_is_also_measured_on_kazakhstans_own_figures(client, api_client):
    slug = "china-kazakhstan-trade-40bn-by-2030"
    progress = api_client.get(f"/api/v1/commitments/{slug}/").json()["progress"]
    other = progress["other_side"]
    assert other["reporter"] == "KZ" and other["measured_year"] == 2024
    assert (
        float(other["latest_value"]) == 30.1e9 and float(other["percent"]) == 75.2
    )  # 30.1 of 40 bn
    assert progress["percent"] != other["percent"]
    html = client.get(f"/en/commitments/{slug}/").content.decode()
    assert "By Kazakhstan’s own figures" in html or "By Kazakhstan's own figures" in html


def test_records_keyed_by_a_renamed_source_stay_the_seeds(tmp_path):
    from cooperation.models import Evidence, SeedState

    renamed = {
        tuple(e["fields"][k] for k in ("publisher", "title", "published_on")): e
        for e in fixture("_sources.json")[1]
        if "renamed_from" in e
    }

    def key_of(source):
        return (source.publisher, source.title, source.published_on and str(source.published_on))

    evidence = next(
        e for e in Evidence.objects.select_related("source") if key_of(e.source) in renamed
    )
    entry = renamed[key_of(evidence.source)]
    old, new = entry["renamed_from"], list(key_of(evidence.source))
    back = {
        "model": "cooperation.source",
        "renamed_from": new,
        "fields": {"title": old[1], "publisher": old[0], "published_on": old[2]},
    }
    states = SeedState.objects.filter(model="cooperation.evidence")
    for step, entries in (("old.json", [back]), ("new.json", [entry])):
        seed(tmp_path, step, entries)
        evidence = Evidence.objects.select_related("source").get(pk=evidence.pk)
        key = json.dumps(evidence.natural_key(), ensure_ascii=False, default=str)
        assert states.filter(natural_key=key).exists(), step
