"""What a reader may reuse: a licence page linked from every footer and every citation, which
also carries the data version and the page's permanent address."""

import pytest

from cooperation import caching
from cooperation.models import Project

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/en/projects/", "/en/trade/", "/en/countries/kazakhstan/", "/en/about/"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_the_licence_page_names_each_licence(client, language):
    response = client.get(f"/{language}/licence/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("CC BY 4.0", "ODC-By 1.0", "ODbL 1.0", "https://www.imf.org/"):
        assert name in html, name


@pytest.mark.parametrize("path", PAGES)
def test_every_footer_links_the_licence_the_api_docs_and_bulk_downloads(client, path):
    footer = client.get(path).content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/en/licence/"' in footer
    assert 'href="/api/docs/"' in footer
    assert 'href="/api/v1/downloads/"' in footer


def test_a_records_citation_carries_the_data_version_the_licence_and_its_address(client):
    project = Project.objects.published().first()
    html = client.get(project.get_absolute_url()).content.decode()
    cite = html.split('<section class="cite"')[1].split("</section>")[0]
    number, changed_at = caching.content_state()
    assert f"Data version {number}," in cite
    assert 'href="/en/licence/">CC BY 4.0</a>' in cite
    assert f"http://testserver{project.get_absolute_url()}" in cite


def test_a_charts_citation_links_the_licence(client):
    html = client.get("/en/trade/").content.decode()
    caption = html.split('<figcaption class="chart-footer">')[1].split("</figcaption>")[0]
    assert 'href="/en/licence/">CC BY 4.0</a>' in caption
    assert "Data version" in caption
