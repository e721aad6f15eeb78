"""Trade figures in the admin are found the way the list labels them (CN→KZ, or an ISO code),
and the value box takes amounts as the import does (43.9 bn, 3,450,000,000)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from cooperation.models import TradeStatistic

from .test_restore import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("desk", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.mark.parametrize("term", ["CN→KZ", "KZ"])
def test_figures_are_found_by_the_label_and_codes_the_list_shows(client, editor, term):
    page = client.get(reverse("admin:cooperation_tradestatistic_changelist"), {"q": term})
    shown = page.context["cl"].result_count
    assert shown > 0
    assert shown <= TradeStatistic.objects.filter(partner__iso2="KZ").count() + (
        TradeStatistic.objects.filter(reporter__iso2="KZ").count()
    )


@pytest.mark.parametrize(
    ("typed", "stored"), [("43.9 bn", "43900000000"), ("3,450,000,000", "3450000000")]
)
def test_the_value_box_takes_amounts_as_written(client, editor, typed, stored):
    figure = TradeStatistic.objects.filter(period="annual").first()
    url = reverse("admin:cooperation_tradestatistic_change", args=[figure.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, {**form_data(form), "value_usd": typed})
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure.refresh_from_db()
    assert figure.value_usd == Decimal(stored)


def test_a_value_that_is_not_an_amount_is_refused_with_the_reason(client, editor):
    figure = TradeStatistic.objects.filter(period="annual").first()
    url = reverse("admin:cooperation_tradestatistic_change", args=[figure.pk])
    form = client.get(url).context["adminform"].form
    response = client.post(url, {**form_data(form), "value_usd": "lots"})
    assert response.status_code == 200
    assert "“lots” is not a number" in response.text
