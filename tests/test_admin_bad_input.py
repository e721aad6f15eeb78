# ruff: noqa: E501 - one case per line
"""The mistakes an editor will make get a message in plain words at the field, the form keeps
what was typed, and nothing is half-saved."""

import pytest
from django.urls import reverse

from cooperation.models import Country, Source, Summit, TradeStatistic

pytestmark = pytest.mark.django_db


def trade_form(**changes):
    data = {
        "publication_status": "draft",
        "reporter": Country.objects.get(iso2="CN").pk,
        "partner": Country.objects.get(iso2="GE").pk,
        "flow": "total",
        "period": "annual",
        "year": "2025",
        "month": "",
        "value_usd": "1000000",
        "value_qualifier": "exact",
        "basis": "published",
        "original_currency": "USD",
        "usd_basis": "reported",
        "change_pct": "",
        "source": Source.objects.first().pk,
        "confidence": "high",
        "note_en": "Typed by an editor",
    }
    data.update(changes)
    return data


ADD_TRADE = "/admin/cooperation/tradestatistic/add/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value_usd": "-5"}, "A trade value cannot be negative."),
        ({"period": "month", "month": "13"}, "The month must be between 1 and 12."),
        ({"value_usd": "lots"}, "“lots” is not a number"),
        ({"year": "1985"}, "The year must be 1991 or later."),
        ({"partner": ""}, "This field is required."),
        ({"period": "ytd", "month": ""}, "A yearly figure has no month; a monthly or year-to-date figure needs one."),
    ],
)  # fmt: skip
def test_a_bad_trade_figure_is_refused_at_the_field_and_the_form_keeps_it(
    admin_client, changes, message
):
    before = TradeStatistic.objects.count()
    response = admin_client.post(ADD_TRADE, trade_form(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert "Typed by an editor" in response.text
    assert TradeStatistic.objects.count() == before


def test_a_duplicate_figure_for_the_same_period_is_refused(admin_client):
    assert admin_client.post(ADD_TRADE, trade_form()).status_code == 302
    response = admin_client.post(ADD_TRADE, trade_form())
    assert response.status_code == 200
    assert "A figure for this reporter, partner, flow and year already exists." in response.text


def test_a_summit_ending_before_it_starts_is_refused(admin_client):
    summit = Summit.objects.published().first()
    url = reverse("admin:cooperation_summit_change", args=[summit.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "participants": [c.pk for c in summit.participants.all()],
            "sources": [s.pk for s in summit.sources.all()],
            "start_date": "2025-06-17",
            "end_date": "2025-06-16",
            "outcomes-TOTAL_FORMS": 0,
            "outcomes-INITIAL_FORMS": 0,
        }
    )
    for key in ("series", "host_country"):
        data[key] = data.get(key) or ""
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.text
    # Beside the end date, where the editor corrects it, not above the whole form.
    form = response.context["adminform"].form
    assert form.errors["end_date"] == ["The end date cannot be before the start date."]
    assert not form.non_field_errors()
    summit.refresh_from_db()
    assert summit.end_date >= summit.start_date


def test_empty_required_fields_are_named(admin_client):
    response = admin_client.post("/admin/cooperation/project/add/", {
        "publication_status": "draft", "partnerships-TOTAL_FORMS": 0, "partnerships-INITIAL_FORMS": 0,
        "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
    })  # fmt: skip
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"title_en", "slug", "summary_en", "sector", "countries", "status"} <= set(errors)


@pytest.mark.parametrize("value", ["abc", "1\x00", "9" * 30])
@pytest.mark.parametrize(
    "changelist",
    [
        "/admin/cooperation/project/",
        "/admin/cooperation/source/",
        "/admin/auth/user/",
        "/admin/cooperation/apitoken/",
    ],
)
def test_an_admin_action_naming_no_record_is_a_message_not_a_500(admin_client, changelist, value):
    """S14: `_selected_action=abc` on the publish action was a 500 (a NUL too, on PostgreSQL)."""
    action = "publish" if "project" in changelist else "delete_selected"
    before = Summit.objects.count(), Source.objects.count()
    response = admin_client.post(
        changelist, {"action": action, "_selected_action": ["1", value]}, follow=True
    )
    assert response.status_code == 200
    assert "is not the id of a record; nothing was done." in response.text
    assert (Summit.objects.count(), Source.objects.count()) == before
