"""Each rule about what may be saved is written once, in the records service, and every door
that writes (the admin's forms and actions, the API, the spreadsheet import, the seed) refuses
the same thing with the same message."""

import datetime
import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation.models import Commitment, Country, Project, ProjectMilestone, ProjectStatus
from cooperation.services.seeding import seed_load

from .test_admin import project_form

pytestmark = pytest.mark.django_db

SOURCE_NEEDED = "Cite at least one source before publishing."
REVIEW_NEEDED = "Your role publishes through the review queue"
MILESTONES_DISAGREE = (
    "The milestones mean the project is “Under construction”, but its status is “Cancelled”."
)
JUSTIFICATION_NEEDED = "Say why the status changed: what shows it, as of when."


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def unsourced_draft(make_project):
    project = make_project(slug="unsourced-draft")
    project.sources.clear()
    return project


@pytest.fixture
def project_being_built(make_project, source):
    project = make_project(slug="being-built", status=ProjectStatus.UNDER_CONSTRUCTION)
    ProjectMilestone.objects.create(
        project=project, kind="construction_started", date=datetime.date(2024, 1, 1), source=source
    )
    return project


@pytest.fixture
def pledge(source):
    commitment = Commitment.objects.create(
        title="A door pledge",
        slug="door-pledge",
        status="in_progress",
        status_justification="Announced at the summit.",
        publication_status="published",
        target_kind="count",
    )
    commitment.parties.set(Country.objects.filter(iso2__in=["CN", "KZ"]))
    commitment.sources.add(source)
    return commitment


# The doors. Each tries one change and returns what the writer was told.


def admin_change(client, model, record, data):
    url = reverse(f"admin:cooperation_{model._meta.model_name}_change", args=[record.pk])
    response = client.post(url, data)
    assert response.status_code == 200, "the admin saved it"
    return response.text


def admin_publish_action(client, record):
    url = reverse(f"admin:cooperation_{record._meta.model_name}_changelist")
    response = client.post(url, {"action": "publish", "_selected_action": [record.pk]}, follow=True)
    return response.text


def api_write(client, method, url, data):
    response = getattr(client, method)(url, data, format="json")
    assert response.status_code == 400, response.content[:300]
    return json.dumps(response.json(), ensure_ascii=False)


def spreadsheet_import(client, header, row):
    response = client.post(
        reverse("admin:cooperation_project_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("p.csv", f"{header}\n{row}\n".encode()),
        },
    )
    assert response.context.get("confirm_form") is None, "the import offered to confirm"
    return response.text


def seed_twice(tmp_path, records, change):
    """The seed creates `records` from entries, then loads the entries again with `change`
    applied to the first: the second load is refused."""
    entries = serializers.serialize(
        "python", records, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    entries = json.loads(json.dumps(entries, default=str))
    for record in reversed(records):
        record.delete()
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(entries))
    seed_load(paths=[path])
    entries[0]["fields"].update(change)
    path.write_text(json.dumps(entries))
    with pytest.raises(ValidationError) as refused:
        seed_load(paths=[path])
    return " ".join(refused.value.messages)


def seed_new(tmp_path, entry):
    path = tmp_path / "entries.json"
    path.write_text(json.dumps([entry]))
    with pytest.raises(ValidationError) as refused:
        seed_load(paths=[path])
    return " ".join(refused.value.messages)


# Publishing needs a source.


def publish_in_the_admin_form(request, project):
    client = request.getfixturevalue("editor_client")
    return admin_change(
        client, Project, project, project_form(project, publication_status="published")
    )


def publish_with_the_admin_action(request, project):
    return admin_publish_action(request.getfixturevalue("editor_client"), project)


def publish_through_the_api(request, project):
    client = request.getfixturevalue("editor_api")
    return api_write(
        client, "patch", f"/api/v1/projects/{project.slug}/", {"publication_status": "published"}
    )


def create_published_through_the_api(request, project):
    client = request.getfixturevalue("editor_api")
    probe = {
        "slug": project.slug + "-probe",
        "title": "Probe",
        "summary": "Probe summary.",
        "sector": project.sector.slug,
        "countries": ["KZ"],
        "status": "planned",
        "publication_status": "published",
    }
    text = api_write(client, "post", "/api/v1/projects/", probe)
    assert not Project.objects.filter(slug=probe["slug"]).exists()
    return text


def publish_by_import(request, project):
    return spreadsheet_import(
        request.getfixturevalue("editor_client"),
        "slug,title_en,summary_en,sector,countries,status,sources,publication_status",
        f"{project.slug},{project.title},{project.summary},{project.sector.slug},KZ,planned,,"
        "published",
    )


def publish_by_seed(request, project):
    (entry,) = serializers.serialize(
        "python", [project], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    entry = json.loads(json.dumps(entry, default=str))
    entry["fields"].update(slug="seeded-unsourced", publication_status="published", sources=[])
    text = seed_new(request.getfixturevalue("tmp_path"), entry)
    assert not Project.objects.filter(slug="seeded-unsourced").exists()
    return text


@pytest.mark.parametrize(
    "door",
    [
        publish_in_the_admin_form,
        publish_with_the_admin_action,
        publish_through_the_api,
        create_published_through_the_api,
        publish_by_import,
        publish_by_seed,
    ],
)
def test_publishing_without_a_source_is_refused_through_every_door(request, door, unsourced_draft):
    told = door(request, unsourced_draft)
    assert SOURCE_NEEDED in told
    unsourced_draft.refresh_from_db()
    assert not unsourced_draft.is_published


# A project's status agrees with its milestones.


def cancel_in_the_admin_form(request, project):
    milestone = project.milestones.get()
    data = project_form(
        project,
        status="cancelled",
        **{
            "milestones-TOTAL_FORMS": 1,
            "milestones-INITIAL_FORMS": 1,
            "milestones-0-id": milestone.pk,
            "milestones-0-project": project.pk,
            "milestones-0-kind": milestone.kind,
            "milestones-0-date": milestone.date.isoformat(),
            "milestones-0-precision": milestone.precision,
            "milestones-0-source": milestone.source_id,
        },
    )
    return admin_change(request.getfixturevalue("editor_client"), Project, project, data)


def cancel_through_the_api(request, project):
    client = request.getfixturevalue("editor_api")
    return api_write(client, "patch", f"/api/v1/projects/{project.slug}/", {"status": "cancelled"})


def cancel_by_import(request, project):
    return spreadsheet_import(
        request.getfixturevalue("editor_client"),
        "slug,title_en,summary_en,sector,countries,status",
        f"{project.slug},{project.title},{project.summary},{project.sector.slug},KZ,cancelled",
    )


def cancel_by_seed(request, project):
    text = seed_twice(
        request.getfixturevalue("tmp_path"),
        [project, project.milestones.get()],
        {"status": "cancelled"},
    )
    project = Project.objects.get(slug=project.slug)
    assert project.status == ProjectStatus.UNDER_CONSTRUCTION
    return text


@pytest.mark.parametrize(
    "door", [cancel_in_the_admin_form, cancel_through_the_api, cancel_by_import, cancel_by_seed]
)
def test_a_status_the_milestones_contradict_is_refused_through_every_door(
    request, door, project_being_built
):
    told = door(request, project_being_built)
    assert MILESTONES_DISAGREE in told
    assert Project.objects.get(slug="being-built").status == ProjectStatus.UNDER_CONSTRUCTION


# A commitment's change of status says why.


def change_status_in_the_admin_form(request, commitment):
    from .test_commitments import commitment_form

    data = commitment_form(commitment, status="achieved")
    return admin_change(request.getfixturevalue("editor_client"), Commitment, commitment, data)


def change_status_through_the_api(request, commitment):
    client = request.getfixturevalue("editor_api")
    return api_write(
        client, "patch", f"/api/v1/commitments/{commitment.slug}/", {"status": "achieved"}
    )


def change_status_by_seed(request, commitment):
    return seed_twice(request.getfixturevalue("tmp_path"), [commitment], {"status": "achieved"})


@pytest.mark.parametrize(
    "door",
    [change_status_in_the_admin_form, change_status_through_the_api, change_status_by_seed],
)
def test_a_change_of_status_without_a_reason_is_refused_through_every_door(request, door, pledge):
    told = door(request, pledge)
    assert JUSTIFICATION_NEEDED in told
    assert Commitment.objects.get(slug="door-pledge").status == "in_progress"


def test_the_seed_dates_a_justified_change_of_status_today(tmp_path, pledge):
    pledge.status_changed_on = datetime.date(2022, 6, 9)
    pledge.save()
    entries = serializers.serialize(
        "python", [pledge], use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    entries = json.loads(json.dumps(entries, default=str))
    pledge.delete()
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(entries))
    seed_load(paths=[path])
    assert Commitment.objects.get(slug="door-pledge").status_changed_on == datetime.date(2022, 6, 9)
    entries[0]["fields"].update(status="achieved", status_justification_en="Customs figures.")
    path.write_text(json.dumps(entries))
    seed_load(paths=[path])
    changed = Commitment.objects.get(slug="door-pledge")
    assert changed.status == "achieved"
    assert changed.status_changed_on == datetime.date.today()


# Where editors publish through the review queue (EDITORS_PUBLISH_DIRECTLY off), they cannot
# publish by any door.


@pytest.mark.parametrize(
    "door",
    [
        publish_in_the_admin_form,
        publish_with_the_admin_action,
        publish_through_the_api,
        publish_by_import,
    ],
)
def test_where_editors_publish_through_review_they_cannot_publish_by_any_door(
    request, door, make_project, settings
):
    settings.EDITORS_PUBLISH_DIRECTLY = False
    draft = make_project(slug="sourced-draft")
    told = door(request, draft)
    assert REVIEW_NEEDED in told
    draft.refresh_from_db()
    assert not draft.is_published
