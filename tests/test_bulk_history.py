"""Every way editors change many records at once (admin actions, spreadsheet imports, the API)
leaves a version in the change history for each record it changed, with the editor's name, and
none for the records it left alone. QuerySet.update(), bulk_create() and bulk_update() write no
history, so the source is checked for them on history-tracked models."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from cooperation.models import Project, PublicationStatus, Source, TradeStatistic
from cooperation.services.accounts import token_create
from cooperation.translation import HISTORY

ROOT = Path(__file__).resolve().parent.parent


def make_user(name, *groups):
    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def versions(model, records):
    """{pk: number of history rows} for the given records (or pks)."""
    pks = [getattr(record, "pk", record) for record in records]
    history = model.history.filter(id__in=pks)
    return {pk: history.filter(id=pk).count() for pk in pks}


def added(before, after):
    return {pk: after[pk] - before[pk] for pk in before}


def changelist(model):
    return reverse(f"admin:cooperation_{model._meta.model_name}_changelist")


@pytest.fixture
def editor(db):
    return make_user("desk", "Editors")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.django_db
class TestAdminActions:
    def test_publishing_records_one_version_per_published_record(self, editor_client, editor):
        drafts = list(TradeStatistic.objects.published()[:3])
        for figure in drafts:
            figure.publication_status = PublicationStatus.DRAFT
            figure.save()
        already = TradeStatistic.objects.published().exclude(pk__in=[d.pk for d in drafts])[:2]
        records = [*drafts, *already]
        before = versions(TradeStatistic, records)

        editor_client.post(
            changelist(TradeStatistic),
            {"action": "publish", "_selected_action": [r.pk for r in records]},
        )

        assert added(before, versions(TradeStatistic, records)) == {
            **{d.pk: 1 for d in drafts},
            **{a.pk: 0 for a in already},
        }
        for draft in drafts:
            latest = draft.history.latest()
            assert latest.history_user == editor
            assert latest.publication_status == PublicationStatus.PUBLISHED
            assert latest.history_change_reason == "Published"

    def test_unpublishing_records_one_version_per_record(self, editor_client, editor):
        projects = list(Project.objects.published()[:3])
        before = versions(Project, projects)

        editor_client.post(
            changelist(Project),
            {"action": "unpublish", "_selected_action": [p.pk for p in projects]},
        )

        assert added(before, versions(Project, projects)) == {p.pk: 1 for p in projects}
        assert {p.history.latest().history_user for p in projects} == {editor}

    def test_deleting_selected_records_records_each_deletion(self, client):
        manager = make_user("boss", "Editors", "Managers")
        client.force_login(manager)
        figures = list(TradeStatistic.objects.all()[:3])
        before = versions(TradeStatistic, figures)

        response = client.post(
            changelist(TradeStatistic),
            {
                "action": "delete_selected",
                "_selected_action": [f.pk for f in figures],
                "post": "yes",
            },
        )

        assert response.status_code == 302
        assert not TradeStatistic.objects.filter(pk__in=[f.pk for f in figures]).exists()
        assert added(before, versions(TradeStatistic, figures)) == {f.pk: 1 for f in figures}
        deletions = TradeStatistic.history.filter(id__in=[f.pk for f in figures], history_type="-")
        assert deletions.count() == 3
        assert {d.history_user for d in deletions} == {manager}


def import_file(client, model, text):
    """The admin's two steps: upload (a dry run) and confirm."""
    name = model._meta.model_name
    preview = client.post(
        reverse(f"admin:cooperation_{name}_import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("f.csv", text.encode())},
    )
    assert preview.status_code == 200 and "confirm_form" in preview.context, preview.text[:2000]
    return client.post(
        reverse(f"admin:cooperation_{name}_process_import"), preview.context["confirm_form"].initial
    )


@pytest.mark.django_db
class TestSpreadsheetImport:
    def test_every_resource_saves_row_by_row(self):
        """django-import-export's use_bulk would write with bulk_create/bulk_update."""
        for model_admin in admin.site._registry.values():
            for resource in getattr(model_admin, "resource_classes", []):
                assert not resource._meta.use_bulk, resource

    def test_a_trade_import_records_one_version_per_new_or_changed_row(self, editor_client, editor):
        url = Source.objects.create(title="Customs", publisher="GACC", url="https://e.org/g").url
        header = "reporter,partner,flow,period,year,month,value_usd,source_url\n"
        first = header + "".join(
            f"CN,{partner},total,annual,2025,,{value} bn,{url}\n"
            for partner, value in [("GE", 1), ("TR", 2), ("BY", 3)]
        )
        import_file(editor_client, TradeStatistic, first)
        mine = TradeStatistic.objects.filter(source__url=url)
        figures = {f.partner.iso2: f for f in mine}
        assert sorted(figures) == ["BY", "GE", "TR"]
        assert versions(TradeStatistic, figures.values()) == {f.pk: 1 for f in figures.values()}
        before = versions(TradeStatistic, figures.values())

        # GE unchanged, TR corrected, AZ new.
        second = header + "".join(
            f"CN,{partner},total,annual,2025,,{value} bn,{url}\n"
            for partner, value in [("GE", 1), ("TR", 2.5), ("AZ", 4)]
        )
        import_file(editor_client, TradeStatistic, second)

        assert added(before, versions(TradeStatistic, figures.values())) == {
            figures["GE"].pk: 0,
            figures["TR"].pk: 1,
            figures["BY"].pk: 0,
        }
        new = mine.get(partner__iso2="AZ")
        assert [v.history_type for v in new.history.all()] == ["+"]
        assert figures["TR"].history.latest().history_user == editor
        assert new.history.get().history_user == editor

    def test_a_project_import_records_the_new_and_the_changed_projects(self, editor_client, editor):
        source = Source.objects.first().url
        header = "slug,title_en,summary_en,sector,countries,status,sources\n"
        row = "{slug},{title},A port.,transport-logistics,KZ,planned,{source}\n"
        import_file(
            editor_client,
            Project,
            header
            + row.format(slug="bulk-one", title="One", source=source)
            + row.format(slug="bulk-two", title="Two", source=source),
        )
        one, two = Project.objects.get(slug="bulk-one"), Project.objects.get(slug="bulk-two")
        # Created, then one version per many-to-many column the row filled (countries,
        # sources): each version holds the links as they then stood.
        assert [v.history_type for v in one.history.order_by("history_id")] == ["+", "~", "~"]
        assert {v.history_user for v in one.history.all()} == {editor}
        before = versions(Project, [one, two])

        import_file(
            editor_client,
            Project,
            header
            + row.format(slug="bulk-one", title="One renamed", source=source)
            + row.format(slug="bulk-two", title="Two", source=source),
        )

        assert added(before, versions(Project, [one, two])) == {one.pk: 1, two.pk: 0}
        assert one.history.latest().title_en == "One renamed"


@pytest.mark.django_db
class TestApi:
    @pytest.fixture
    def api(self, editor):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=editor)[1]}")
        return client

    def test_creating_changing_and_deleting_records_one_version_each(self, api, editor):
        body = {
            "reporter": "CN",
            "partner": "GE",
            "flow": "exports",
            "period": "annual",
            "year": 2025,
            "value_usd": 5,
            "source": Source.objects.first().pk,
        }
        created = api.post("/api/v1/trade-statistics/", body, format="json")
        assert created.status_code == 201, created.json()
        figure = TradeStatistic.objects.get(pk=created.json()["id"])
        assert versions(TradeStatistic, [figure]) == {figure.pk: 1}

        changed = api.patch(f"/api/v1/trade-statistics/{figure.pk}/", {"value_usd": 6})
        assert changed.status_code == 200
        assert versions(TradeStatistic, [figure]) == {figure.pk: 2}
        assert figure.history.latest().history_user == editor

        manager = make_user("boss", "Editors", "Managers")
        api.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=manager)[1]}")
        assert api.delete(f"/api/v1/trade-statistics/{figure.pk}/").status_code == 204
        assert [v.history_type for v in figure.history.order_by("history_id")] == ["+", "~", "-"]
        assert figure.history.latest().history_user == manager


# The source scan.

FORBIDDEN = {"update", "bulk_create", "bulk_update"}
QUERYSET_METHODS = {
    "objects", "filter", "exclude", "all", "using", "db_manager", "select_for_update",
    "order_by", "select_related", "prefetch_related", "only", "defer", "annotate", "published",
}  # fmt: skip
EXEMPT_FILES = {
    # Fills a separate benchmark database with invented records, history switched off on
    # purpose; it refuses the site's own database unless --force.
    "cooperation/management/commands/generate_demo_data.py",
}
ALLOWED = {
    # The content-version counter (ContentVersion) has no history.
    ("cooperation/caching.py", "versions.filter(pk=VERSION_ROW)"),
}
RAW_WRITES = ("UPDATE ", "INSERT INTO", "DELETE FROM")


def model_names():
    """(tracked, untracked): the names of the models with change history and without."""
    tracked = {model.__name__ for model in HISTORY}
    return tracked, {m.__name__ for m in apps.get_models(include_auto_created=True)} - tracked


def bulk_writes(tree):
    """(line, method, receiver's source, names in the receiver) of calls that may be bulk writes
    on a QuerySet. dict.update() is told apart by its receiver: a QuerySet comes from a manager
    or QuerySet method, or is named like one."""
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in FORBIDDEN
        ):
            continue
        receiver = node.func.value
        names = {n.id for n in ast.walk(receiver) if isinstance(n, ast.Name)}
        attributes = {n.attr for n in ast.walk(receiver) if isinstance(n, ast.Attribute)}
        if node.func.attr == "update":
            looks_like_queryset = attributes & QUERYSET_METHODS or any(
                "queryset" in name.lower() or name.endswith(("qs", "_set")) for name in names
            )
            if not looks_like_queryset:
                continue
        yield node.lineno, node.func.attr, ast.unparse(receiver), names


def test_no_bulk_write_bypasses_the_history_of_a_tracked_model():
    tracked, untracked = model_names()
    problems = []
    for path in sorted((ROOT / "cooperation").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or relative in EXEMPT_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, method, receiver, names in bulk_writes(tree):
            if (relative, receiver) in ALLOWED or (names & untracked and not names & tracked):
                continue
            problems.append(
                f"{relative}:{line}: {receiver}.{method}() writes no change history; save each "
                "record, or use simple_history.utils.bulk_create_with_history / "
                "bulk_update_with_history (or list it in ALLOWED with the reason)"
            )
        problems += [
            f"{relative}:{node.lineno}: raw SQL write {node.value[:40]!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.lstrip().startswith(RAW_WRITES)
        ]
    assert problems == []


def test_the_scan_catches_bulk_writes_on_tracked_models():
    code = """
def action(modeladmin, request, queryset):
    queryset.update(publication_status="published")
    Project.objects.filter(slug="x").update(title="y")
    TradeStatistic.objects.bulk_create(figures)
    context.update(title="a dict")
"""
    found = [(method, receiver) for _line, method, receiver, _ in bulk_writes(ast.parse(code))]
    assert found == [
        ("update", "queryset"),
        ("update", "Project.objects.filter(slug='x')"),
        ("bulk_create", "TradeStatistic.objects"),
    ]
