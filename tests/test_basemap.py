"""The maps' basemap, the region's countries from Natural Earth served with the site, is light
enough to draw on a phone, and neighbours still share one border line."""

import json
from pathlib import Path

import pytest
from django.conf import settings

BASEMAP = Path(settings.BASE_DIR) / "static" / "vendor" / "world-atlas" / "region-50m.geojson"


@pytest.fixture(scope="module")
def countries():
    features = json.loads(BASEMAP.read_text())["features"]
    return {feature["properties"]["name"]: feature["geometry"] for feature in features}


def parts(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def vertices(geometry):
    return {tuple(point) for polygon in parts(geometry) for ring in polygon for point in ring}


def test_the_basemap_keeps_china_central_asia_and_their_neighbours(countries):
    for name in ("China", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan",
                 "Russia", "Mongolia", "Afghanistan", "Iran", "India", "Pakistan"):  # fmt: skip
        assert name in countries


def test_the_borders_are_simplified_so_no_part_is_a_long_task_to_draw(countries):
    # Natural Earth's 1:50m shapes for the region are 27,365 points, Russia's mainland 4,894.
    assert sum(len(vertices(geometry)) for geometry in countries.values()) < 13_000
    largest = max(
        sum(len(ring) for ring in polygon) for g in countries.values() for polygon in parts(g)
    )
    assert largest < 2_500


@pytest.mark.parametrize(
    "one, other",
    [("China", "Kazakhstan"), ("China", "Kyrgyzstan"), ("Kazakhstan", "Uzbekistan"),
     ("Uzbekistan", "Tajikistan"), ("Turkmenistan", "Uzbekistan"), ("Kazakhstan", "Russia")],
)  # fmt: skip
def test_neighbours_share_the_same_simplified_border(countries, one, other):
    # Simplified once as a shared stretch of border, it is the same points on both sides.
    shared = vertices(countries[one]) & vertices(countries[other])
    assert len(shared) >= 10
