"""`?paging=cursor` walks a whole resource without skipping or repeating a record, even while
records are added and deleted during the walk."""

import pytest

from cooperation.models import Project, Source

pytestmark = pytest.mark.django_db


def test_a_cursor_walk_sees_every_record_once_despite_concurrent_writes(api):
    total = Source.objects.public().count()  # those a published record cites
    seen = []
    response = api.get("/api/v1/sources/", {"paging": "cursor", "page_size": 50}).json()
    assert response["count"] == total
    first_page_ids = [row["id"] for row in response["results"]]
    # Meanwhile an editor deletes a record already seen and adds a new one.
    Source.objects.filter(pk=first_page_ids[0]).delete()
    added = Source.objects.create(
        title="Added mid-walk", publisher="Walk wire", url="https://walk.test/1", language="en"
    )
    Project.objects.published().order_by("pk").first().sources.add(added)
    seen += first_page_ids
    while response["next"]:
        response = api.get(response["next"]).json()
        seen += [row["id"] for row in response["results"]]
    assert len(seen) == len(set(seen))
    public = set(Source.objects.public().values_list("id", flat=True))
    assert set(seen) == public | {first_page_ids[0]}
    assert added.pk in seen


def test_cursor_paging_refuses_an_ordering_and_bad_modes(api):
    assert (
        api.get("/api/v1/projects/", {"paging": "cursor", "ordering": "title"}).status_code == 400
    )
    assert api.get("/api/v1/projects/", {"paging": "pages"}).status_code == 400


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",  # not base64
        "cD0xJyBPUiAx",  # p=1' OR 1
        "cD0yMDI2LTAxLTAx",  # p=2026-01-01
        "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",  # p=, a number past any key
    ],
)
@pytest.mark.parametrize("resource", ["projects", "sources", "trade-statistics", "finance"])
def test_a_cursor_this_api_did_not_write_is_a_400_naming_it(api, resource, cursor):
    """An API consumer's finding: a cursor that decoded to a position that is not a key was a
    500 on every list; one that did not decode, a 404, which means no such record."""
    response = api.get(f"/api/v1/{resource}/", {"paging": "cursor", "cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_record_address_that_cannot_be_a_key_is_a_404(api):
    """An API consumer's finding: /sources/abc/ was a 500 (its key is a number)."""
    for address in ["sources/abc", "sources/" + "9" * 3000, "trade-statistics/" + "9" * 40,
                    "finance/" + "9" * 40]:  # fmt: skip
        response = api.get(f"/api/v1/{address}/")
        assert response.status_code == 404, address
