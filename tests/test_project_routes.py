"""Linear projects (railways, roads, pipelines, power lines) carry a route: waypoints an editor
types in the admin, one "latitude, longitude" a line, or sends through the API. The pages draw
it as a line marked "approximate route" unless it is surveyed; the API's GeoJSON gives it as a
LineString."""

import json
import re

import pytest
from django.urls import reverse

from cooperation.models import Project

from .test_admin import project_form

pytestmark = pytest.mark.django_db

CKU = "china-kyrgyzstan-uzbekistan-railway"


def test_an_editor_types_waypoints_one_a_line_and_they_are_kept_in_order(
    admin_client, make_project
):
    project = make_project()
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    route = "39.4681, 75.9938\n40.5925 75.42722\r\n\n40.783,72.333\n"
    response = admin_client.post(url, project_form(project, route=route))
    assert response.status_code == 302, response.text
    project.refresh_from_db()
    assert project.route == [[39.4681, 75.9938], [40.5925, 75.42722], [40.783, 72.333]]
    assert project.route_surveyed is False
    form = admin_client.get(url).text
    assert "39.4681, 75.9938\n40.5925, 75.42722\n40.783, 72.333" in form  # one a line


@pytest.mark.parametrize(
    "route, message",
    [
        ("39.47, 75.99\nKashgar", "Line 2: give a latitude and a longitude, as “39.47, 75.99”."),
        ("39.47, 75.99, 12", "Line 1: give a latitude and a longitude"),
        ("39.47, 75.99", "A route needs at least two waypoints, or none."),
        ("39.47, 75.99\n95, 75", "Latitude must be between -90 and 90."),
        ("39.47, 75.99\n40, 190", "Longitude must be between -180 and 180."),
    ],
)
def test_a_bad_route_is_refused_with_a_message(admin_client, make_project, route, message):
    project = make_project()
    url = reverse("admin:cooperation_project_change", args=[project.pk])
    response = admin_client.post(url, project_form(project, route=route))
    assert response.status_code == 200
    assert message in response.text
    project.refresh_from_db()
    assert project.route == []


def test_the_api_takes_a_route_and_refuses_a_malformed_one(editor_api, make_project):
    project = make_project()
    url = f"/api/v1/projects/{project.slug}/"
    bad = editor_api.patch(url, {"route": [[39.47, 75.99], [40, "east"]]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["route"] == [
        "Give the route as a list of waypoints, each a pair of numbers: [latitude, longitude]."
    ]
    good = editor_api.patch(
        url, {"route": [[39.47, 75.99], [40.78, 72.33]], "route_surveyed": True}, format="json"
    )
    assert good.status_code == 200, good.json()
    assert good.json()["route"] == [[39.47, 75.99], [40.78, 72.33]]
    assert good.json()["route_surveyed"] is True


def map_points(page):
    found = re.search(r'<script id="map-points" type="application/json">(.*?)</script>', page)
    return json.loads(found[1])


def streamed(response):
    return b"".join(response.streaming_content).decode()


def test_the_geojson_gives_a_linear_project_as_a_linestring_marked_approximate(client):
    response = client.get("/api/v1/projects/", {"format": "geojson"})
    features = {f["properties"]["slug"]: f for f in json.loads(streamed(response))["features"]}
    railway = features[CKU]
    assert railway["geometry"] == {
        "type": "LineString",
        "coordinates": [[75.9938, 39.4681], [75.42722, 40.5925], [72.333, 40.783]],
    }  # longitude first, as GeoJSON has it
    assert railway["properties"]["route"] == "approximate"
    points = [f for f in features.values() if f["geometry"]["type"] == "Point"]
    assert points and all(f["properties"]["route"] is None for f in points)


def test_a_project_with_only_a_route_is_still_on_the_map_and_in_the_geojson(client):
    project = Project.objects.get(slug=CKU)
    project.latitude = project.longitude = None
    project.save()
    response = client.get("/api/v1/projects/", {"format": "geojson", "country": "KG"})
    slugs = [f["properties"]["slug"] for f in json.loads(streamed(response))["features"]]
    assert CKU in slugs
    point = map_points(client.get(project.get_absolute_url()).text)[0]
    assert [point["lat"], point["lng"]] == project.route[0]  # the marker sits on the route


def test_the_project_page_marks_the_route_approximate_until_it_is_surveyed(client):
    project = Project.objects.get(slug=CKU)
    page = client.get(project.get_absolute_url()).text
    assert "Approximate route" in page
    assert "a line through 3 waypoints the sources give, not the surveyed alignment" in page
    points = map_points(page)
    assert points[0]["route"] == project.route and points[0]["route_surveyed"] is False
    project.route_surveyed = True
    project.save()
    page = client.get(project.get_absolute_url()).text
    assert "Surveyed route through 3 waypoints." in page
    assert "Approximate route</strong>" not in page


def test_a_project_without_a_route_says_nothing_about_one(client):
    project = Project.objects.published().filter(route=[]).exclude(latitude=None).first()
    page = client.get(project.get_absolute_url()).text
    assert "Approximate route</strong>" not in page
    points = map_points(page)
    assert "route" not in points[0]


def test_the_projects_map_carries_every_route(client):
    page = client.get("/en/projects/").text
    points = map_points(page)
    routed = {p["url"].rstrip("/").rsplit("/", 1)[1]: p["route"] for p in points if "route" in p}
    expected = dict(Project.objects.published().exclude(route=[]).values_list("slug", "route"))
    assert routed == expected and len(routed) >= 5
