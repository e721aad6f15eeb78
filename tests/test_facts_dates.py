"""A record's date is the last change to its facts (`facts_updated_on`): seeded records carry the
date their sources were last read, an editor's change to the facts dates them today, and a save
that changes nothing the public sees leaves the date alone. Pages, the sitemap, the API and the
CSV all show that date, and nothing where it is unknown; never the day the seed ran."""

import csv
import datetime
import io
import json

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cooperation.models import (
    Article,
    Commitment,
    FinanceRecord,
    Project,
    PublicationStatus,
    Source,
    Summit,
    TradeStatistic,
)
from cooperation.services.seeding import fixture_paths

from .test_admin import project_form

pytestmark = pytest.mark.django_db

DATED = [Project, Summit, TradeStatistic, Article, Commitment, FinanceRecord]
CHECKED = datetime.date(2024, 3, 1)


def source_links(model):
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "related_model", None) is Source and not field.auto_created
    ]


def newest_source_date(record):
    """What the seed should give a record: the newest accessed_on of the sources it cites."""
    cited = []
    for field in source_links(type(record)):
        if field.many_to_many:
            cited += list(getattr(record, field.name).all())
        elif getattr(record, field.attname) is not None:
            cited.append(getattr(record, field.name))
    return max((s.accessed_on for s in cited if s.accessed_on), default=None)


def test_every_seeded_record_carries_its_newest_sources_date_or_none():
    seen = {None: 0, "dated": 0}
    for model in DATED:
        links = source_links(model)
        records = model.objects.select_related(
            *[f.name for f in links if not f.many_to_many]
        ).prefetch_related(*[f.name for f in links if f.many_to_many])
        for record in records:
            assert record.facts_updated_on == newest_source_date(record), (model, record.pk)
            seen["dated" if record.facts_updated_on else None] += 1
    # The seed's sources are mostly undated; those read for the trade figures are dated.
    assert seen["dated"] and seen[None]


def test_a_seeded_record_whose_sources_are_undated_shows_no_date(client):
    project = Project.objects.published().filter(facts_updated_on=None).first()
    assert newest_source_date(project) is None
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert b"Facts last changed" not in response.content
    assert b"Last updated" not in response.content
    assert b'class="updated"' in response.content  # the footer is there, with its change log link


def seed_fixture(tmp_path, entries):
    path = tmp_path / "dated.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    call_command("seed", str(path), stdout=io.StringIO())


def test_the_seed_dates_a_record_by_its_sources_unless_the_entry_dates_it(tmp_path):
    key = ["Test Wire", "A report read in March", "2024-02-10"]
    source = {
        "model": "cooperation.source",
        "fields": {
            "publisher": key[0],
            "title": key[1],
            "published_on": key[2],
            "url": "https://example.org/read-in-march",
            "accessed_on": CHECKED.isoformat(),
        },
    }
    projects = json.loads(
        next(p for p in fixture_paths() if "projects" in p.name).read_text(encoding="utf-8")
    )
    template = next(e for e in projects if e["model"] == "cooperation.project")

    def project(slug, **fields):
        entry = json.loads(json.dumps(template))
        entry["fields"].update(slug=slug, sources=[key], **fields)
        return entry

    seed_fixture(
        tmp_path,
        [
            source,
            project("by-its-source"),
            project("dated-by-the-entry", facts_updated_on="2022-02-02"),
        ],
    )
    assert Project.objects.get(slug="by-its-source").facts_updated_on == CHECKED
    assert Project.objects.get(slug="dated-by-the-entry").facts_updated_on == datetime.date(
        2022, 2, 2
    )


@pytest.fixture
def dated_project(make_project):
    return make_project(
        publication_status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
        facts_updated_on=CHECKED,
    )


def test_a_page_shows_the_date_its_facts_last_changed(client, dated_project):
    response = client.get(dated_project.get_absolute_url())
    assert b'Facts last changed <time datetime="2024-03-01">1 March 2024</time>.' in (
        response.content
    )


def test_the_sitemap_dates_a_record_by_its_facts(client, dated_project):
    response = client.get("/sitemap.xml")
    entry = response.content.decode().split(dated_project.get_absolute_url())[1]
    assert entry.split("</url>")[0].count("<lastmod>2024-03-01</lastmod>") == 1


def admin_save(admin_client, project, **changes):
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, **changes))
    assert response.status_code == 302, response.content
    project.refresh_from_db()


def test_changing_a_fact_in_the_admin_dates_it_today(admin_client, dated_project):
    admin_save(admin_client, dated_project, title_en="Renamed by an editor")
    assert dated_project.facts_updated_on == timezone.localdate()


def test_changing_a_link_in_the_admin_dates_it_today(admin_client, dated_project, china):
    admin_save(admin_client, dated_project, countries=[china.pk])
    assert dated_project.facts_updated_on == timezone.localdate()


def test_saving_the_same_facts_in_the_admin_keeps_the_date(admin_client, dated_project):
    admin_save(admin_client, dated_project)
    assert dated_project.facts_updated_on == CHECKED


def test_unpublishing_and_publishing_keep_the_date(admin_client, dated_project):
    admin_save(admin_client, dated_project, publication_status=PublicationStatus.DRAFT)
    admin_save(admin_client, dated_project, publication_status=PublicationStatus.PUBLISHED)
    assert dated_project.facts_updated_on == CHECKED


def test_a_new_record_is_dated_the_day_it_is_written(editor_api, source):
    response = editor_api.post(
        "/api/v1/projects/",
        {
            "title": "Written today",
            "slug": "written-today",
            "summary": "New.",
            "sector": "transport-logistics",
            "countries": ["KZ"],
            "status": "planned",
            "sources": [source.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["facts_updated_on"] == timezone.localdate().isoformat()


def test_the_api_shows_the_date_read_only(api_client, editor_api, dated_project):
    url = f"/api/v1/projects/{dated_project.slug}/"
    assert api_client.get(url).json()["facts_updated_on"] == "2024-03-01"
    refused = editor_api.patch(url, {"facts_updated_on": "2020-01-01"}, format="json")
    assert refused.status_code == 400
    assert "facts_updated_on" in refused.json()
    changed = editor_api.patch(url, {"summary": "Corrected through the API."}, format="json")
    assert changed.json()["facts_updated_on"] == timezone.localdate().isoformat()


def csv_row(api_client, project):
    response = api_client.get("/api/v1/projects/?format=csv")
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    return next(row for row in rows if row["slug"] == project.slug)


def test_the_api_and_its_csv_show_no_date_where_it_is_unknown(api_client, dated_project):
    dated_project.facts_updated_on = None
    dated_project.save()
    url = f"/api/v1/projects/{dated_project.slug}/"
    assert api_client.get(url).json()["facts_updated_on"] is None
    assert csv_row(api_client, dated_project)["facts_updated_on"] == ""


def test_the_csv_has_the_date_as_a_column(api_client, dated_project):
    assert csv_row(api_client, dated_project)["facts_updated_on"] == "2024-03-01"


def test_adding_a_milestone_in_the_admin_dates_the_project_today(
    admin_client, make_project, source
):
    project = make_project(status="under_construction", facts_updated_on=CHECKED)
    milestone = {
        "milestones-TOTAL_FORMS": 1,
        "milestones-0-kind": "construction_started",
        "milestones-0-date": "2024-03-01",
        "milestones-0-precision": "month",
        "milestones-0-source": source.pk,
    }
    admin_save(admin_client, project, **milestone)
    assert project.facts_updated_on == timezone.localdate()


def test_adding_an_outcome_in_its_own_form_dates_the_summit_today(admin_client, make_summit):
    summit = make_summit(facts_updated_on=CHECKED)
    response = admin_client.post(
        reverse("admin:cooperation_outcome_add"),
        {
            "summit": summit.pk,
            "title_en": "Joint declaration",
            "slug": "joint-declaration",
            "kind": "declaration",
            "position": 0,
        },
    )
    assert response.status_code == 302, response.content
    summit.refresh_from_db()
    assert summit.facts_updated_on == timezone.localdate()


def test_deleting_a_milestone_dates_its_project_today(admin_client, make_project, source):
    project = make_project(status="under_construction", facts_updated_on=CHECKED)
    milestone = project.milestones.create(
        kind="construction_started",
        date=datetime.date(2024, 3, 1),
        precision="month",
        source=source,
    )
    url = reverse("admin:cooperation_projectmilestone_delete", args=[milestone.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    project.refresh_from_db()
    assert project.facts_updated_on == timezone.localdate()


def test_the_admin_form_shows_the_date_without_letting_it_be_typed(admin_client, dated_project):
    response = admin_client.get(
        reverse("admin:cooperation_project_change", args=[dated_project.pk])
    )
    assert "Facts last changed" in response.text
    assert "1 March 2024" in response.text
    assert 'name="facts_updated_on"' not in response.text


def feed_entry(client, project):
    entries = client.get(reverse("feed-projects")).content.decode().split("<entry>")
    return next(entry for entry in entries if f"{project.get_absolute_url()}</id>" in entry)


def test_the_feed_dates_an_entry_by_its_facts_when_they_changed_after_publication(
    client, dated_project
):
    published = timezone.localtime(dated_project.published_at).isoformat()
    assert f"<updated>{published}" in feed_entry(client, dated_project)  # checked, then published
    dated_project.published_at = timezone.make_aware(datetime.datetime(2024, 1, 5))
    dated_project.save()
    assert "<updated>2024-03-01T00:00:00" in feed_entry(client, dated_project)
    dated_project.facts_updated_on = None
    dated_project.save()
    assert "<updated>2024-01-05T00:00:00" in feed_entry(client, dated_project)


def test_the_schema_documents_the_date_as_read_only_and_nullable(client):
    spec = yaml.safe_load(client.get("/api/schema/").content)
    field = spec["components"]["schemas"]["Project"]["properties"]["facts_updated_on"]
    assert field["type"] == "string" and field["format"] == "date"
    assert field["readOnly"] and field["nullable"]
    # The field came with 1.3.0 (docs/api-changelog.md).
    assert tuple(map(int, spec["info"]["version"].split("."))) >= (1, 3, 0)
