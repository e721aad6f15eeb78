"""/projects/: filters in the query string narrow the list, sort it and page it; a bad
parameter gets a message and a 400, never a 500; the CSV and the map follow the filter."""

import csv
import io
import json
import re

import pytest

from cooperation.models import Project

pytestmark = pytest.mark.django_db

URL = "/en/projects/"


def listed(response):
    return {project.slug for project in response.context["object_list"]}


def published():
    return Project.objects.published()


def test_it_lists_every_published_project(client):
    response = client.get(URL)
    assert response.context["paginator"].count == published().count()


def test_it_filters_by_country(client):
    response = client.get(URL, {"country": "TJ"})
    expected = set(published().filter(countries__iso2="TJ").values_list("slug", flat=True))
    assert listed(response) == expected and expected


def test_several_countries_are_comma_separated_or_repeated(client):
    expected = set(
        published().filter(countries__iso2__in=["TJ", "UZ"]).values_list("slug", flat=True)
    )
    assert listed(client.get(URL, {"country": "TJ,UZ"})) == expected
    assert listed(client.get(URL + "?country=TJ&country=uz")) == expected


def test_it_filters_by_sector_status_and_partner(client):
    energy = listed(client.get(URL, {"sector": "energy"}))
    assert energy == set(published().filter(sector__slug="energy").values_list("slug", flat=True))
    building = listed(client.get(URL, {"status": "under_construction"}))
    assert building == set(
        published().filter(status="under_construction").values_list("slug", flat=True)
    )
    partner = Project.objects.published().filter(partnerships__isnull=False).first()
    organization = partner.partnerships.first().organization
    assert partner.slug in listed(client.get(URL, {"partner": organization.slug}))


def test_it_filters_by_start_year_range(client):
    response = client.get(URL, {"start_year_min": 2014, "start_year_max": 2016})
    years = {p.start_date.year for p in response.context["object_list"]}
    assert years and years <= {2014, 2015, 2016}


def test_it_filters_by_text_in_title_or_summary(client):
    assert "china-kazakhstan-lianyungang-logistics-base" in listed(
        client.get(URL, {"search": "lianyungang"})
    )


def test_filters_combine(client):
    response = client.get(URL, {"country": "KZ", "sector": "energy"})
    expected = set(
        published()
        .filter(countries__iso2="KZ", sector__slug="energy")
        .values_list("slug", flat=True)
    )
    assert listed(response) == expected


def test_it_sorts_by_title_and_start(client):
    titles = [p.title for p in client.get(URL, {"ordering": "title"}).context["object_list"]]
    assert titles == sorted(titles)
    starts = [p.start_date for p in client.get(URL, {"ordering": "-start"}).context["object_list"]]
    known = [s for s in starts if s]
    assert known == sorted(known, reverse=True)


def test_it_pages_and_keeps_the_filter_in_the_links(client, make_projects):
    make_projects(25, slug="extra-{n}", title="Extra {n}")
    first = client.get(URL, {"search": "Extra"})
    assert first.context["paginator"].num_pages == 2
    assert "?search=Extra&amp;page=2" in first.text
    second = client.get(URL, {"search": "Extra", "page": 2})
    assert len(second.context["object_list"]) == 5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "Unknown value: XX."),
        ({"country": "KZ,ZZ"}, "Unknown value: ZZ."),
        ({"sector": "space"}, "Unknown value: space."),
        ({"status": "finished"}, "Unknown value: finished."),
        ({"start_year_min": "abc"}, "Enter a whole number."),
        ({"start_year_max": "1800"}, "greater than or equal to 1991"),
        ({"ordering": "password"}, "Select a valid choice."),
        ({"page": "abc"}, "“abc” is not a page number."),
        ({"page": "99"}, "There is no page 99; there is 1 page."),
        ({"updated_since": "yesterday"}, "Enter a valid date/time."),
    ],
)
def test_a_bad_parameter_shows_the_form_with_a_message(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.text
    assert 'class="filters"' in response.text


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_a_refused_filter_is_named_as_the_form_names_it(client, language):
    """A visitor's finding: the message named the parameter (`start_year_min`, `page`), in
    every language, where the form shows the field's label."""
    from django.utils import translation

    from cooperation.filters import ProjectFilter

    with translation.override(language):
        label = str(ProjectFilter().form.fields["start_year_min"].label)
        page = translation.gettext("Page")
    refused = client.get(f"/{language}/projects/", {"start_year_min": "abc", "page": "9"})
    errors = refused.text.split('class="form-errors"')[1].split("</div>")[0]
    shown = re.sub(r"<[^>]+>", "", errors)  # what a reader sees
    assert "start_year_min" not in shown and label[1:] in shown
    assert 'data-parameter="start_year_min"' in errors
    assert client.get(f"/{language}/projects/", {"page": "9"}).status_code == 400
    assert page in client.get(f"/{language}/projects/", {"page": "9"}).text


def test_hostile_input_in_filters_is_harmless(client):
    for value in ["' OR 1=1 --", "<script>alert(1)</script>", "KZ;DROP TABLE", "%00", "x" * 3000]:
        response = client.get(URL, {"country": value, "search": value})
        assert response.status_code in (200, 400)
        assert b"<script>alert(1)</script>" not in response.content


def test_the_csv_download_has_the_filtered_rows_not_just_the_page(client, make_projects):
    make_projects(25, slug="extra-{n}", title="Extra {n}")
    response = client.get(URL, {"search": "Extra", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert len(rows) == 25
    # The columns of the API's and the snapshot's projects.csv (exports.PROJECTS).
    assert set(rows[0]) >= {
        "slug",
        "title",
        "status",
        "countries",
        "start_date",
        "start_precision",
        "html_url",
    }


def test_the_map_shows_every_match_not_only_the_page(client, make_projects):
    make_projects(
        25, slug="extra-{n}", title="Extra {n}", latitude=lambda n: 40 + n / 10, longitude=70
    )
    response = client.get(URL, {"search": "Extra"})
    assert len(response.context["object_list"]) == 20
    assert len(response.context["map_points"]) == 25
    assert 'id="map-points"' in response.text


def test_the_map_names_the_countries_it_shows(client):
    response = client.get(URL, {"country": "KZ"})
    html = response.text
    labels = json.loads(
        html.split('<script id="map-labels" type="application/json">')[1].split("</script>")[0]
    )
    names = {label["name"] for label in labels}
    assert {"Kazakhstan", "China", "Uzbekistan"} <= names
    assert all(-90 <= label["lat"] <= 90 and -180 <= label["lng"] <= 180 for label in labels)


def test_a_list_with_nothing_to_map_draws_no_map(client):
    response = client.get(URL, {"search": "no project is called this"})
    assert 'id="map-labels"' not in response.text


def test_past_its_limit_the_map_says_how_many_it_leaves_out_and_links_them_all(
    client, make_projects, monkeypatch
):
    monkeypatch.setattr("cooperation.selectors.MAP_POINT_LIMIT", 10)
    make_projects(
        12, slug="extra-{n}", title="Extra {n}", latitude=lambda n: 40 + n / 10, longitude=70
    )
    response = client.get(URL, {"search": "Extra", "status": "planned"})
    points = response.context["map_points"]
    assert (len(points), points.total) == (10, 12)
    assert "The map shows the first 10 of 12 located projects" in response.text
    geojson = response.context["map_geojson_url"]
    assert geojson.startswith("/api/v1/projects/?") and "format=geojson" in geojson
    collection = json.loads(b"".join(client.get(geojson).streaming_content))
    features = collection["features"]
    assert len(features) == 12
