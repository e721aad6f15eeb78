"""The filters on the list pages: checkboxes with the number of records each value gives (from
the same FilterSet as the API), active filters as removable chips, sort options in words,
clean shareable addresses, and a clear answer to hand-edited addresses."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.models import Country, Organization, Project

pytestmark = pytest.mark.django_db

URL = "/en/projects/"


def facet_counts(response, name):
    """{value: count} as the page shows them beside the checkboxes of one facet."""
    html = response.content.decode()
    pattern = (
        rf'<input type="checkbox" name="{name}" value="([^"]+)"[^>]*>[^<]*'
        r'<span class="facet__count">(\d+)</span>'
    )
    return {value: int(count) for value, count in re.findall(pattern, html)}


def api_count(client, **params):
    return client.get("/api/v1/projects/", params).json()["count"]


def test_each_country_shows_the_number_of_projects_the_api_gives_for_it(client):
    counts = facet_counts(client.get(URL), "country")
    assert counts["UZ"] > 0 and counts["KZ"] > 0
    for iso2, count in counts.items():
        assert count == api_count(client, country=iso2), iso2


def test_counts_for_one_facet_apply_every_other_active_filter(client):
    response = client.get(URL, {"sector": "transport-logistics"})
    counts = facet_counts(response, "country")
    for iso2, count in counts.items():
        assert count == api_count(client, country=iso2, sector="transport-logistics"), iso2
    # Ticking a second sector widens the list, so the sector facet ignores its own choice.
    sectors = facet_counts(response, "sector")
    assert sectors["energy"] == api_count(client, sector="energy")


def test_values_with_no_records_are_left_out(client):
    belarus = Country.objects.get(iso2="BY")
    assert not Project.objects.published().filter(countries=belarus).exists()
    assert "BY" not in facet_counts(client.get(URL), "country")


def test_a_chosen_value_that_matches_nothing_stays_visible_with_0(client):
    response = client.get(URL, {"country": "BY"})
    assert response.status_code == 200
    assert facet_counts(response, "country")["BY"] == 0
    assert 'value="BY" checked' in response.content.decode()
    assert "0 projects" in response.content.decode()


def test_active_filters_are_chips_that_remove_themselves(client):
    response = client.get(URL, {"country": "UZ,KZ", "sector": "transport-logistics"})
    html = response.content.decode()
    assert (
        '<a class="chip" href="/en/projects/?country=KZ&amp;sector=transport-logistics">'
        "Country: Uzbekistan"
    ) in html
    assert '<a class="chip" href="/en/projects/?country=UZ%2CKZ">Sector: Transport' in html
    assert '<a class="chips__clear" href="/en/projects/">Clear all</a>' in html


def test_there_are_no_chips_without_filters(client):
    assert 'class="chips"' not in client.get(URL).content.decode()


def test_the_filters_button_counts_the_active_filters(client):
    response = client.get(URL, {"country": "UZ", "search": "railway"})
    assert "<summary>Filters (2)</summary>" in response.content.decode()


def test_sort_options_are_in_words(client):
    html = client.get(URL).content.decode()
    assert '<option value="-start">Start, latest first</option>' in html
    assert '<option value="" selected>Default order</option>' in html
    assert "---------" not in html and "(descending)" not in html


def test_an_address_with_empty_parameters_redirects_to_the_clean_one(client):
    """What a filter form sends without JavaScript: every field, most of them empty."""
    response = client.get(URL + "?search=&country=UZ&start_year_min=&ordering=")
    assert response.status_code == 302
    assert response["Location"] == URL + "?country=UZ"
    assert client.get(URL + "?search=&ordering=")["Location"] == URL
    assert client.get(URL + "?country=&country=KZ&page=")["Location"] == URL + "?country=KZ"
    response = client.get(response["Location"])
    assert [chip.label for chip in response.context["chips"]] == ["Country: Uzbekistan"]
    assert "<summary>Filters (1)</summary>" in response.content.decode()


def test_an_address_too_long_to_redirect_to_is_read_without_its_empty_filters(client, settings):
    settings.MAX_ADDRESS_BYTES = 32 * 1024  # where a site takes addresses over Django's 16 KB
    response = client.get(URL, {"country": "KZ", "search": "", "ref": "x" * 17_000})
    assert response.status_code == 200
    assert [chip.label for chip in response.context["chips"]] == ["Country: Kazakhstan"]


def test_the_clean_address_keeps_what_is_not_an_empty_filter(client):
    response = client.get("/ru/summits/?year=&utm_source=mail&search=%20")
    assert response.status_code == 302
    assert response["Location"] == "/ru/summits/?utm_source=mail&search=+"
    assert client.get("/ru/summits/?utm_source=").status_code == 200  # not a filter: left alone


def test_a_repeated_parameter_means_both_values(client):
    response = client.get(URL + "?country=UZ&country=kz")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="UZ" checked' in html and 'value="KZ" checked' in html
    assert "Country: Kazakhstan" in html


def test_an_unknown_value_gets_a_message_and_the_facets_still_show(client):
    response = client.get(URL, {"country": "XX"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown value: XX." in html
    assert facet_counts(response, "country")["UZ"] == api_count(client, country="UZ")
    assert 'class="chips"' not in html


def test_a_thousand_values_get_a_message_not_a_slow_page(client):
    values = ",".join(f"V{n}" for n in range(1000))
    response = client.get(URL, {"country": values})
    assert response.status_code == 400
    assert "Give at most 50 values." in response.content.decode()


def queries_for(client, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return [query["sql"] for query in queries]


def test_facet_counts_cost_one_query_per_facet(client):
    grouped = [sql for sql in queries_for(client, {}) if "COUNT(DISTINCT" in sql]
    # country, sector, status, partner organization, financier, instrument
    assert len(grouped) == 6


# A facet's labels are read for the values it shows alone, one query per facet of records
# (countries, sectors, partners, financiers), none for a facet with nothing to show.
LABEL_READS = re.compile(
    r'^SELECT "cooperation_(country|sector|organization)"\."id", .* WHERE .*\."(iso2|slug)" IN \('
)


def test_choosing_more_values_costs_no_more_queries_than_the_labels_they_show(client):
    one = queries_for(client, {"country": "UZ", "status": "planned"})
    five = queries_for(client, {"country": "UZ,KZ,TJ,KG,TM", "status": "planned,operational"})
    labels = [sql for sql in five if LABEL_READS.match(sql)]
    assert len(labels) == 4
    assert len([sql for sql in one if LABEL_READS.match(sql)]) <= 4
    assert len([sql for sql in one if not LABEL_READS.match(sql)]) == len(five) - 4


def test_a_facets_labels_are_read_for_the_values_it_shows_alone(client):
    """Not every organization to label the partners of the projects listed."""
    Organization.objects.bulk_create(
        Organization(slug=f"no-projects-{n}", name=f"No projects {n}", kind="company")
        for n in range(30)
    )
    labels = [sql for sql in queries_for(client, {}) if '"cooperation_organization"' in sql]
    assert labels and all("IN (" in sql for sql in labels if "COUNT(" not in sql)


def test_each_filterset_has_filters_and_a_form_of_its_own():
    """FilterSets share their form class and copy their filters shallowly (`BaseFilterSet`):
    what one request gives or is refused never shows in another's form or filters."""
    from django.http import QueryDict

    from cooperation.filters import ProjectFilter

    refused = ProjectFilter(QueryDict("country=XX&ordering=title"), queryset=Project.objects.all())
    valid = ProjectFilter(QueryDict("status=planned"), queryset=Project.objects.all())
    unbound = ProjectFilter(queryset=Project.objects.all())
    assert not refused.is_valid() and valid.is_valid() and not unbound.is_bound
    assert "country" in refused.form.errors and not valid.form.errors
    assert valid.form.cleaned_data["country"] == [] and valid.form.cleaned_data["status"]
    assert refused.filters["country"] is not valid.filters["country"]
    assert valid.filters["country"].parent is valid and refused.filters["country"].parent is refused
    assert refused.form.fields["country"] is not valid.form.fields["country"]
    assert type(refused.form) is type(valid.form)  # built once
    assert unbound.form["ordering"].value() in (None, "", [])
    assert list(valid.qs) == list(Project.objects.filter(status="planned"))
