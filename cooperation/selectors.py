"""Reads that join several models for one page: a country's profile, the points and country
names of a map. Each starts from named QuerySet methods (`published()`, `linked_to()`), so what
is public is still decided in one place; views and templates only show what these return."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import caching, trade_series, wording
from .filters import filter_in
from .finance_totals import summarize, with_labels
from .models import (
    Article,
    Commitment,
    Country,
    CountryRole,
    DatePrecision,
    FinanceInstrument,
    FinanceRecord,
    PartialDate,
    Project,
    ProjectStatus,
    Summit,
)
from .paging import first_by_key
from .progress import attach_progress

PROFILE_ROWS = 20


def map_point(project):
    return located_point(
        title=project.title,
        url=project.get_absolute_url(),
        status=project.status,
        countries=", ".join(country.name for country in project.countries.all()),
        latitude=project.latitude,
        longitude=project.longitude,
        route=project.route,
        route_surveyed=project.route_surveyed,
    )


def located_point(*, title, url, status, countries, latitude, longitude, route, route_surveyed):
    """What the map draws for a project: a marker at its point (or, without one, at the first
    waypoint of its route) and the route's line, if it has one."""
    if latitude is None:
        latitude, longitude = route[0]
    point = {
        "title": title,
        "url": url,
        "status": str(ProjectStatus(status).label),
        "status_code": status,
        "countries": countries,
        "lat": float(latitude),
        "lng": float(longitude),
    }
    if route:
        point["route"] = route
        point["route_surveyed"] = route_surveyed
    return point


MAP_POINT_LIMIT = 500  # more would make the page heavy and the map unreadable


class MapPoints(list):
    """The points to draw, how many located projects there are in all (more than drawn when
    the list is longer than MAP_POINT_LIMIT), and the country names to write on the map."""

    def __init__(self, points, total, labels):
        super().__init__(points)
        self.total = total
        self.labels = labels


def page_language_index():
    """Which of a record's titles (English, Chinese, Russian) the page's language reads."""
    return {"zh-hans": 1, "ru": 2}.get(get_language() or "en", 0)


def located_rows(located, fields, request=None):
    """Up to MAP_POINT_LIMIT rows of `fields` from a queryset of located records, in its order
    (not only the current page), read as plain rows since a filter may match thousands, and how
    many there are in all."""
    located = located.select_related(None).prefetch_related(None)
    rows = list(located.values_list(*fields)[: MAP_POINT_LIMIT + 1])
    total = caching.count(located, request) if len(rows) > MAP_POINT_LIMIT else len(rows)
    return rows[:MAP_POINT_LIMIT], total


def kept_map(name, located, compute, request, asked=None):
    """A map's points, worked out once per change to the content for the same records in the
    same order and language: every page of one filtered list shares them. They are keyed by
    what the list was asked for (`facets.state`) where the caller knows it, which costs less
    than building the SQL; otherwise by the SQL."""
    plain = located.select_related(None).prefetch_related(None)
    parts = (asked if asked is not None else plain.query.sql_with_params(), get_language())
    return caching.remember(name, parts, lambda: compute(plain, request), request)


def map_points(projects, request=None, asked=None):
    """The located projects of the queryset, each with its countries and route."""
    return kept_map("map", projects.located(), project_points, request, asked)


def project_points(located, request):
    pick = page_language_index()
    url = reverse("project-detail", kwargs={"slug": "__slug__"})
    fields = ["pk", "slug", "title_en", "title_zh_hans", "title_ru", "status", "latitude",
              "longitude", "route", "route_surveyed"]  # fmt: skip
    rows, total = located_rows(located, fields, request)
    names = project_country_names([row[0] for row in rows], pick)
    return MapPoints(
        [
            located_point(
                title=titles[pick] or titles[0],
                url=url.replace("__slug__", slug),
                status=status,
                countries=", ".join(names.get(pk, [])),
                latitude=latitude,
                longitude=longitude,
                route=route,
                route_surveyed=surveyed,
            )
            for pk, slug, *titles, status, latitude, longitude, route, surveyed in rows
        ],
        total,
        Country.objects.map_labels() if rows else [],
    )


def finance_map_points(records, request=None, asked=None):
    """The finance records of the queryset that have a point, marked by their instrument."""
    return kept_map("finance-map", records.with_point(), finance_points, request, asked)


def finance_points(located, request):
    pick = page_language_index()
    labels = {value: str(label) for value, label in FinanceInstrument.choices}
    unstated = _("Instrument not stated")
    url = reverse("finance-detail", kwargs={"aiddata_id": 0}).replace("/0/", "/__id__/")
    fields = ["aiddata_id", "aiddata_title", "title_en", "title_zh_hans", "title_ru",
              "instrument", "latitude", "longitude"]  # fmt: skip
    rows, total = located_rows(located, fields, request)
    return MapPoints(
        [
            {
                "title": titles[pick] or titles[0] or original,
                "url": url.replace("__id__", str(aiddata_id)),
                "status": labels.get(instrument) or unstated,
                "status_code": instrument or "unstated",  # the marker's colour, its legend entry
                "lat": float(latitude),
                "lng": float(longitude),
            }
            for aiddata_id, original, *titles, instrument, latitude, longitude in rows
        ],
        total,
        Country.objects.map_labels() if rows else [],
    )


def project_country_names(ids, pick):
    """{project id: [country names in the page's language]}, in one query."""
    if not ids:
        return {}
    through = Project.countries.through
    rows = (
        through.objects.filter(project_id__in=ids)
        .order_by("country__name_en")
        .values_list("project_id", "country__name_en", "country__name_zh_hans", "country__name_ru")
    )
    names = {}
    for project_id, *translations in rows:
        names.setdefault(project_id, []).append(translations[pick] or translations[0])
    return names


def newest(figures):
    """The figure of the latest year, or None."""
    return max(figures, key=lambda figure: figure.year, default=None)


def country_trade(country):
    """China's figures for trade with the country, and the country's own (for China: with the
    five Central Asian states), the chart lines and the latest China-reported figure."""
    if country.iso2 == "CN":
        partners = trade_series.central_asia_partners()
        ours = trade_series.china_reported_series(partners=partners)
        theirs = trade_series.partner_reported_series(partners=partners)
    else:
        ours = trade_series.china_reported_series(partners=[country])
        theirs = trade_series.partner_reported_series(partners=[country])
    lines = trade_series.named(ours, wording.parenthesis(_("China-reported"))) + trade_series.named(
        theirs, wording.parenthesis(_("own figures")), dashed=True
    )
    # China's page leads with its trade with the region as a whole, where there is a figure.
    whole = [series for partner, series in ours.items() if partner.role == CountryRole.REGION]
    latest = newest(whole[0].values()) if whole else None
    latest = latest or newest(f for by_year in ours.values() for f in by_year.values())
    partner_side = None
    if latest is not None:  # the partner's own figure: for the same year, or its latest
        own = theirs.get(latest.partner, {})
        partner_side = own.get(latest.year) or newest(own.values())
    return {
        "latest_partner_trade": partner_side,
        "trade_chart": trade_series.chart_data(lines),
        "chart_sources": trade_series.chart_sources(lines),
        "mirror": trade_series.mirror_rows(ours, theirs),
        "latest_trade": latest,
    }


def country_projects(country):
    """The published projects in the country (for a region: in any of its members), newest
    first."""
    projects = Project.objects.published()
    if country.role == CountryRole.REGION:
        members = [member.pk for member in country.members.all()]
        projects = filter_in(projects, "countries", members)
    else:
        projects = projects.filter(countries=country)
    return projects.for_cards().order_by("-start_date", "pk")


def status_counts(rows):
    """[{status, label, count, percent, offset}] in the order of the statuses, from (status,
    count) rows: each status's share and where its part of a bar starts, in percent."""
    counts = dict(rows)
    total = sum(counts.values())
    parts, offset = [], 0.0
    for value, label in ProjectStatus.choices:
        if counts.get(value):
            percent = round(100 * counts[value] / total, 2)
            parts.append(
                {
                    "status": value,
                    "label": label,
                    "count": counts[value],
                    "percent": percent,
                    "offset": round(offset, 2),
                }
            )
            offset += percent
    return parts


def projects_by_status(projects, request=None):
    """A country's projects counted by status, in one query, once per change to the content."""
    rows = projects.select_related(None).prefetch_related(None).order_by()
    rows = rows.values_list("status").annotate(n=Count("pk"))
    return caching.remember(
        "status-counts", rows.query.sql_with_params(), lambda: status_counts(rows), request
    )


def country_cards(countries):
    """Sets `latest_trade` (China's latest annual figure for total trade with the country; for
    China, with Central Asia as a whole) and `status_counts` (its published projects by status;
    a region's are its members'), in a constant number of queries: the region's members, the
    figures, the counts, and one count for each region."""
    countries = list(countries)
    members = trade_series.region_members()
    region = next((c for c in countries if c.pk in members), None)
    latest = {}
    figures = trade_series.annual().filter(
        reporter__iso2="CN", flow="total", partner__in=[c.pk for c in countries]
    )
    for figure in figures.order_by("partner", "-year"):
        latest.setdefault(figure.partner_id, figure)
    through = Project.countries.through
    published = Project.objects.published().order_by()
    counted = (
        through.objects.filter(project__in=published.values("pk"))
        .order_by()
        .values_list("country_id", "project__status")
        .annotate(n=Count("project_id"))
    )
    by_country = {}
    for country_id, status, n in counted:
        by_country.setdefault(country_id, []).append((status, n))
    for region_id, region_members in members.items():  # a project in two members counts once
        hosted = through.objects.filter(country__in=region_members).values("project_id")
        by_country[region_id] = list(
            published.filter(pk__in=hosted).values_list("status").annotate(n=Count("pk"))
        )
    for country in countries:
        country.status_counts = status_counts(by_country.get(country.pk, []))
        country.project_total = sum(part["count"] for part in country.status_counts)
        if country.iso2 == "CN":
            country.latest_trade = latest.get(region.pk) if region is not None else None
        else:
            country.latest_trade = latest.get(country.pk)
    return countries


def country_profile(country, request=None):
    """Everything the country page shows besides the country itself: the latest of its
    projects, summits, articles and commitments (the lists hold the rest), its trade."""
    projects = country_projects(country)
    summits = (
        Summit.objects.published()
        .filter(participants=country)
        .select_related("host_country")
        .order_by("-start_date", "pk")
    )
    codes = [member.iso2 for member in country.members.all()] or [country.iso2]
    project_filter = urlencode({"country": ",".join(codes)})
    return {
        "projects": first_by_key(projects, PROFILE_ROWS),
        "project_count": caching.count(projects, request),
        "projects_by_status": projects_by_status(projects, request),
        "all_projects_url": f"{reverse('project-list')}?{project_filter}",
        "map_points": map_points(projects, request),
        "map_geojson_url": f"{reverse('api:project-list')}?{project_filter}&format=geojson",
        "summits": summits[:PROFILE_ROWS],
        "summit_count": caching.count(summits, request),
        "all_summits_url": f"{reverse('summit-list')}?{urlencode({'country': country.iso2})}",
        "hosted_count": caching.count(
            Summit.objects.published().filter(host_country=country), request
        ),
        "articles": Article.objects.published().filter(countries=country)[:5],
        # Its trade series, read and shaped once per change to the content and language.
        **caching.remember(
            "country-trade", (country.pk, get_language()), lambda: country_trade(country), request
        ),
        "current_strategy": country.current_strategy,
        "commitments": list(Commitment.objects.linked_to(country)),
        "commitments_heading": _("Commitments it is party to"),
        "other_strategies": [s for s in country.strategies.all() if not s.is_current],
        **country_finance(codes, request),
    }


def country_finance(codes, request=None):
    """Committed finance received, by year (a chart and a table), sector and financier: four
    grouped sums, worked out once per change to the content and language."""
    return caching.remember(
        "country-finance",
        (tuple(codes), get_language()),
        lambda: finance_received(codes),
        request,
    )


def finance_received(codes):
    records = FinanceRecord.objects.published().filter(recipient__iso2__in=codes)
    by_year = summarize(records, "year")
    if not by_year:
        return {"finance_by_year": []}
    million = 10**6
    years = [row for row in by_year if row["key"] is not None]
    chart = {
        "labels": [int(row["key"]) for row in years],
        "datasets": [
            {
                "label": _("Committed, constant 2021 USD (millions)"),
                "dashed": False,
                "data": [float(row["amount_usd_constant_2021"] / million) for row in years],
            }
        ],
    }
    return {
        "finance_by_year": by_year,
        "finance_chart": chart,
        "finance_by_sector": with_labels(summarize(records, "sector"), "sector"),
        "finance_by_financier": sorted(
            with_labels(summarize(records, "financier"), "financier"),
            key=lambda row: -row["amount_usd_constant_2021"],
        ),
        "finance_total": sum(row["amount_usd_constant_2021"] for row in by_year),
        "finance_records": sum(row["records"] for row in by_year),
        "finance_unknown": sum(row["records_without_amount"] for row in by_year),
        "finance_url": f"{reverse('finance-list')}?{urlencode({'country': ','.join(codes)})}",
    }


def summit_pledges(summit, today=None):
    """The published commitments made at a summit, by deadline, each with `timeline`: the day
    it was made, what happened since (its evidence, with the records it links) and its
    deadline, in date order; and `deadline_passed`. Trade targets carry `progress`, whose
    `computed_status` is what the figures say."""
    today = today or datetime.date.today()
    commitments = attach_progress(Commitment.objects.linked_to(summit).with_related())
    for commitment in commitments:
        entries = [{"kind": "made", "date": PartialDate(summit.start_date, DatePrecision.DAY)}]
        entries += [
            {"kind": "evidence", "date": entry.partial_date, "entry": entry}
            for entry in commitment.evidence.all()
        ]
        commitment.deadline_passed = bool(commitment.deadline and commitment.deadline < today)
        if commitment.deadline:
            entries.append({"kind": "deadline", "date": commitment.due})
        order = {"made": 0, "evidence": 1, "deadline": 2}
        commitment.timeline = sorted(
            entries, key=lambda e: (e["date"].normalized, order[e["kind"]])
        )
    return commitments
