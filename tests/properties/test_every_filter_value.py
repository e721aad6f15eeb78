"""Every filter of every FilterSet, on its API list and its public list page, given any value:
the answer is 200 or 400, never a server error; a 400 names the parameter; and a valid value
gives exactly the records that satisfy the filter.

The filters are found from the FilterSet classes and the lists from the URL configuration, so a
new filter or a new list is covered without a change here. Whether a record satisfies a filter is
worked out in Python from the filter's own field path and lookup, not by asking the database the
same question again.
"""

import datetime
import inspect
import operator
import re
from decimal import Decimal

import django_filters
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient
from rest_framework.views import APIView

from cooperation import filters
from cooperation.api.filtering import DRAFT_VALUES
from cooperation.api.urls import router
from cooperation.models import PublicationStatus
from cooperation.models.trade import FIRST_YEAR

from . import examples

FILTERSETS = [
    cls
    for _name, cls in inspect.getmembers(filters, inspect.isclass)
    if issubclass(cls, django_filters.FilterSet)
    and cls.__module__ == filters.__name__
    and getattr(cls._meta, "model", None) is not None
]


def api_lists():
    for prefix, viewset, _basename in router.registry:
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is not None:
            lookup = viewset.lookup_field
            yield "api", f"/api/v1/{prefix}/", filterset, "id" if lookup == "pk" else lookup


def page_views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from page_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, APIView):
                continue  # the API's own lists (deletions) are not pages
            if getattr(view_class, "filterset_class", None) is not None:
                yield pattern.name, view_class.filterset_class


def page_lists():
    with translation.override("en"):
        for name, filterset in page_views(get_resolver().url_patterns):
            yield "page", reverse(name), filterset, "pk"


LISTS = [*api_lists(), *page_lists()]
CASES = [
    pytest.param(surface, url, filterset, key, name, id=f"{surface}:{url}:{name}")
    for surface, url, filterset, key in LISTS
    for name in filterset.base_filters
]


def test_every_filterset_has_an_api_list_and_every_list_a_case():
    served = {filterset for _surface, _url, filterset, _key in LISTS}
    assert set(FILTERSETS) <= served, set(FILTERSETS) - served
    assert {surface for surface, *_rest in LISTS} == {"api", "page"}
    assert len(CASES) >= 80  # every filter of the nine FilterSets, on the API and four pages


def get(url, params):
    """The answer, after the redirect a page gives an address with empty filters to the same
    address without them (the API reads an empty filter as absent, with no redirect)."""
    cache.clear()  # the API's throttles count in the cache
    client = APIClient()
    response = client.get(url, params, follow=True)
    for location, status in response.redirect_chain:
        assert status == 302 and not url.startswith("/api/"), (url, params, location)
        assert location.startswith(url) and not re.search(r"=(&|$)", location), location
    assert len(response.redirect_chain) <= 1, response.redirect_chain
    if response.status_code == 414:  # over the longest address taken (cooperation/limits.py)
        sent = response.request
        assert len(sent["PATH_INFO"]) + len(sent["QUERY_STRING"]) > settings.MAX_ADDRESS_BYTES
        return response
    assert response.status_code in (200, 400), (url, params, response.status_code)
    return response


def assert_names_the_parameter(surface, response, name, values):
    if any("\x00" in value for value in values) and b"NUL character" in response.content:
        return  # refused at the door, for every parameter alike (cooperation/limits.py)
    if surface == "api":
        body = response.json()
        named = set(body)
        if name == "status" and any(value in DRAFT_VALUES for value in values):
            named.discard("publication_status")  # ?status=draft asks for drafts by another name
            named.add("status")
        assert name in named, body
        assert all(body.values()), body
    else:
        # Named as the form names it, with the parameter for the record.
        assert f'data-parameter="{name}"' in response.content.decode(), response.content[-2000:]


# Any value


junk = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=10),
    st.sampled_from(
        [
            "", " ", ",", ",,", "-", "0", "-1", "1e9", "nan", "inf", "0x10", "١٩٩٥", "２０２０",
            "\x00", "KZ,\x00", "9" * 400, "2025-13-01", "2025-02-30", "0000-01-01",
            "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2025-06-01T00:00:00Z",
            "draft", "all", "published", "KZ", "kz,uz", "XX", "KZ," * 60, "planned", "Planned",
            "start", "-start", "title,-title", "?", "%", "_", "'", '"', "\\", "<script>",
            # Long, but each alone within the longest address taken (8 KB, sent encoded).
            "x" * 7_000, "KZ," * 1_200, "a " * 3_000,
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(lambda date: date.isoformat()),
    st.datetimes().map(lambda moment: moment.isoformat() + "Z"),
    st.lists(st.sampled_from(["KZ", "uz", "XX", "energy", "planned", "bulk", ""]), max_size=5).map(
        ",".join
    ),
)  # fmt: skip


@pytest.mark.parametrize(("surface", "url", "filterset", "key", "name"), CASES)
@examples(15)
@given(values=st.lists(junk, min_size=1, max_size=3))
def test_any_value_is_answered_200_or_a_400_naming_the_parameter(
    db, surface, url, filterset, key, name, values
):
    response = get(url, {name: values})
    if response.status_code == 400:
        assert_names_the_parameter(surface, response, name, values)
    elif response.status_code == 200 and surface == "api":
        assert "results" in response.json()


# Valid values


def relation_prefix(model, path):
    """The part of a lookup path that follows relations: countries__iso2 → countries."""
    parts = []
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:
            break
        if not field.is_relation:
            break
        parts.append(part)
        model = field.related_model
    return "__".join(parts)


def reachable(record, path):
    """Every value the path leads to from the record, through any relation."""
    found = [record]
    for part in path.split("__"):
        following = []
        for value in found:
            if value is None:
                continue
            if not isinstance(value, models.Model):
                following.append(getattr(value, part))  # a transform such as __year
                continue
            field = value._meta.get_field(part)
            reverse_side = field.is_relation and field.auto_created and not field.concrete
            attribute = field.get_accessor_name() if reverse_side else field.name
            if field.many_to_many or field.one_to_many:
                following.extend(getattr(value, attribute).all())
            else:
                following.append(getattr(value, attribute))
        found = following
    return [value for value in found if value is not None]


COMPARISONS = {"exact": operator.eq, "gte": operator.ge, "lte": operator.le}


def predicate(filt, raw):
    """(does a record satisfy the filter given `raw`, is the database's answer exact)."""
    if isinstance(filt, filters.CodeListFilter):
        codes = set(filters.split_values(raw.upper() if filt.extra["upper"] else raw))
        return (lambda values: bool(codes & set(values))), True
    if isinstance(filt, filters.ChoiceListFilter):
        wanted = set(filters.split_values(raw.lower()))
        return (lambda values: bool(wanted & set(values))), True
    if isinstance(filt, filters.TextSearchFilter):
        words = [word.lower() for word in raw.split()[:10]]
        # Case-insensitive matching beyond ASCII differs between SQLite and PostgreSQL.
        return (lambda texts: all(any(w in t.lower() for t in texts) for w in words)), (
            raw.isascii()
        )
    if isinstance(filt, filters.UTCDateTimeFilter):
        moment = datetime.datetime.fromisoformat(raw)
        return (lambda values: any(v >= moment for v in values)), True
    if isinstance(filt, django_filters.DateFilter):
        day = datetime.date.fromisoformat(raw)
        compare = COMPARISONS[filt.lookup_expr]
        return (lambda values: any(compare(v, day) for v in values)), True
    if isinstance(filt, filters.YearFilter):
        year, compare = int(raw), COMPARISONS[filt.lookup_expr]
        return (lambda values: any(compare(v, year) for v in values)), True
    if isinstance(filt, filters.LanguageCodeFilter):
        codes = {code.lower() for code in filters.split_values(raw)}
        return (lambda values: bool(codes & set(values))), True
    text = raw.strip()  # as the form field does
    if isinstance(filt, django_filters.CharFilter) and filt.lookup_expr == "icontains":
        return (lambda values: any(text.lower() in v.lower() for v in values)), text.isascii()
    if isinstance(filt, django_filters.CharFilter) and filt.lookup_expr == "exact":
        return (lambda values: text in values), True
    raise AssertionError(f"No oracle for {type(filt).__name__} {filt.field_name}: add one here")


def paths(filt, model):
    if isinstance(filt, filters.UpdatedSinceFilter):
        embedded = filters.EMBEDDED.get(model._meta.model_name, [])
        return ["updated_at", *(f"{path}__updated_at" for path in embedded)]
    if isinstance(filt, filters.TextSearchFilter):
        return filt.paths()
    return [filt.field_name]


def valid_values(filt, records):
    """A strategy for values the filter accepts, mostly ones the records hold."""
    held = sorted(
        {str(v) for r in records for path in paths(filt, type(r)) for v in reachable(r, path)},
        key=str,
    )
    if isinstance(filt, filters.CodeListFilter):
        to_field = filt.extra["to_field"]
        codes = [getattr(r, to_field) for r in filt.extra["queryset"]]
        assert codes, f"{filt.field_name}: nothing to choose from"
        pick = st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True)
        cased = st.sampled_from([str, str.lower] if filt.extra["upper"] else [str])
        return st.tuples(pick, cased).map(lambda both: ",".join(map(both[1], both[0])))
    if isinstance(filt, filters.ChoiceListFilter):
        choices = [v for v in filt.extra["choices"].values if v not in DRAFT_VALUES]
        return st.lists(st.sampled_from(choices), min_size=1, max_size=3, unique=True).map(",".join)
    if isinstance(filt, filters.TextSearchFilter):
        # Two words and a space within the filter's own limit: a stored "word" can be a whole
        # Chinese paragraph, and a search word matches inside one, so a long one is cut short.
        half = (filt.field.max_length - 1) // 2
        words = sorted({w[:half] for text in held for w in text.split()}) or ["none"]
        return st.lists(st.sampled_from(words), min_size=1, max_size=2).map(" ".join)
    if isinstance(filt, filters.UTCDateTimeFilter):
        moments = [datetime.datetime.fromisoformat(v) for v in held]
        near = st.sampled_from(moments) if moments else st.nothing()
        return st.tuples(
            st.one_of(
                near,
                st.datetimes(
                    datetime.datetime(1900, 1, 1),
                    datetime.datetime(2200, 1, 1),
                    timezones=st.just(datetime.UTC),
                ),
            ),
            st.integers(-5, 5),
        ).map(lambda pair: (pair[0] + datetime.timedelta(seconds=pair[1])).isoformat())
    if isinstance(filt, django_filters.DateFilter):
        days = [datetime.date.fromisoformat(v) for v in held]
        near = st.sampled_from(days) if days else st.nothing()
        return st.tuples(
            st.one_of(near, st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 1, 1))),
            st.integers(-3, 3),
        ).map(lambda pair: (pair[0] + datetime.timedelta(days=pair[1])).isoformat())
    if isinstance(filt, filters.YearFilter):
        years = [int(v) for v in held]
        near = st.sampled_from(years) if years else st.nothing()
        return st.one_of(near, st.integers(filt.field.min_value, filt.field.max_value)).map(str)
    if isinstance(filt, filters.LanguageCodeFilter):
        codes = sorted(held) or ["en"]
        pick = st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True)
        cased = st.sampled_from([str, str.upper])
        return st.tuples(pick, cased).map(lambda both: ",".join(map(both[1], both[0])))
    if isinstance(filt, django_filters.CharFilter):
        limit = filt.field.max_length or 10**6
        if filt.lookup_expr == "icontains":
            return st.sampled_from(held or ["none"]).flatmap(
                lambda text: st.tuples(st.integers(0, len(text) - 1), st.integers(1, 12)).map(
                    lambda span: text[span[0] : span[0] + min(span[1], limit)]
                )
            )
        return st.sampled_from([text for text in held if len(text) <= limit] or ["none"])
    raise AssertionError(f"No valid values for {type(filt).__name__}: add them here")


def listed(surface, url, key, model, params):
    """The primary keys a list gives for the parameters, in its order, across every page."""
    if surface == "page":
        response = get(url, params)
        assert response.status_code == 200, response.context.get("filter_errors")
        return list(response.context["paginator"].object_list.values_list("pk", flat=True))
    keys, page = [], 1
    while True:
        response = get(url, {**params, "page_size": 500, "page": page, "fields": key})
        assert response.status_code == 200, response.json()
        body = response.json()
        keys += [row[key] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    if key == "id":
        return keys
    by_key = dict(model._base_manager.filter(**{f"{key}__in": keys}).values_list(key, "pk"))
    return [by_key[k] for k in keys]


FILTER_CASES = [case for case in CASES if case.values[4] != "ordering"]
ORDERING_CASES = [case for case in CASES if case.values[4] == "ordering"]


@pytest.fixture
def unfiltered():
    """The list without parameters and its records, once per test: every example reads the
    same records, and no example writes."""
    return {}


def base_records(unfiltered, surface, url, key, model, filt=None):
    if (url, filt) not in unfiltered:
        pks = listed(surface, url, key, model, {})
        assert pks, f"{url} lists nothing: the properties would hold vacuously"
        records = model._base_manager.filter(pk__in=pks)
        if filt is not None:
            prefetch = {relation_prefix(model, path) for path in paths(filt, model)} - {""}
            records = records.prefetch_related(*prefetch)
        unfiltered[url, filt] = pks, {record.pk: record for record in records}
    return unfiltered[url, filt]


@pytest.mark.parametrize(("surface", "url", "filterset", "key", "name"), FILTER_CASES)
@examples(8)
@given(data=st.data())
def test_a_valid_value_gives_exactly_the_records_that_satisfy_the_filter(
    db, unfiltered, surface, url, filterset, key, name, data
):
    filt = filterset.base_filters[name]
    model = filterset._meta.model
    pks, records = base_records(unfiltered, surface, url, key, model, filt)
    raw = data.draw(valid_values(filt, records.values()), label=name)
    satisfies, exact = predicate(filt, raw)
    got = listed(surface, url, key, model, {name: raw})
    assert len(got) == len(set(got)), "a record is listed twice"
    expected = {pk for pk in pks if satisfies(values_of(records[pk], filt))}
    wrong = set(got) - expected
    assert not wrong, f"{name}={raw!r} listed records that do not satisfy it: {sorted(wrong)}"
    if exact:
        missing = expected - set(got)
        assert not missing, f"{name}={raw!r} left out records that satisfy it: {sorted(missing)}"


def values_of(record, filt):
    values = [v for path in paths(filt, type(record)) for v in reachable(record, path)]
    return [str(v) for v in values] if isinstance(filt, filters.TextSearchFilter) else values


SORTABLE = (int, float, Decimal, datetime.date, datetime.datetime, type(None))


@pytest.mark.parametrize(("surface", "url", "filterset", "key", "name"), ORDERING_CASES)
@examples(8)
@given(data=st.data())
def test_every_ordering_lists_the_same_records_sorted(
    db, unfiltered, surface, url, filterset, key, name, data
):
    ordering = filterset.base_filters[name]
    model = filterset._meta.model
    pks, records = base_records(unfiltered, surface, url, key, model)
    param = data.draw(st.sampled_from(sorted(ordering.param_map)), label="field")
    descending = data.draw(st.booleans(), label="descending")
    got = listed(surface, url, key, model, {name: ("-" if descending else "") + param})
    assert sorted(got) == sorted(pks)
    column = ordering.param_map[param]
    if not hasattr(next(iter(records.values())), column):
        # An ordering by a figure the list computes (a project's financed total): read it as
        # the list does.
        annotated = model.objects.filter(pk__in=pks).with_related()
        records = {record.pk: record for record in annotated}
    keys = [getattr(records[pk], column) for pk in got]
    if all(isinstance(k, SORTABLE) for k in keys) and not re.search(r"title|name", column):
        present = [k for k in keys if k is not None]
        assert present == sorted(present, reverse=descending), (param, present)
        # Records without a value come last, either way and on every database.
        assert keys == present + [None] * (len(keys) - len(present)), (param, keys)


def test_status_given_a_publication_status_asks_for_drafts_on_the_api(db):
    """Why a 400 for ?status=draft may name publication_status: the API reads it as that."""
    response = get("/api/v1/projects/", {"status": "draft"})
    assert response.status_code == 400
    assert "publication_status" in response.json()
    published = get("/api/v1/projects/", {"status": PublicationStatus.PUBLISHED})
    assert published.status_code == 200


# Limits


def limits(filt):
    """(a value at each documented limit, the value just past it) for the filter's form field."""
    field = filt.field
    if getattr(field, "max_length", None):
        yield "a" * field.max_length, "a" * (field.max_length + 1)
    if getattr(field, "min_value", None) is not None:
        yield str(field.min_value), str(field.min_value - 1)
    if getattr(field, "max_value", None) is not None:
        yield str(field.max_value), str(field.max_value + 1)


LIMIT_CASES = [
    pytest.param(surface, url, name, at, past, id=f"{surface}:{url}:{name}={at[:12]}")
    for surface, url, filterset, _key in LISTS
    for name, filt in filterset.base_filters.items()
    for at, past in limits(filt)
]


def test_every_text_and_year_filter_has_a_limit_case():
    named = {name for _surface, _url, name, _at, _past in (case.values for case in LIMIT_CASES)}
    assert {"search", "year", "year_min", "start_year_max"} <= named
    assert FIRST_YEAR in {int(case.values[3]) for case in LIMIT_CASES if case.values[3].isdigit()}


@pytest.mark.parametrize(("surface", "url", "name", "at", "past"), LIMIT_CASES)
def test_a_value_at_its_limit_passes_and_one_past_it_is_a_400_naming_it(
    db, surface, url, name, at, past
):
    assert get(url, {name: at}).status_code == 200
    response = get(url, {name: past})
    assert response.status_code == 400
    assert_names_the_parameter(surface, response, name, [past])


@pytest.mark.parametrize("prefix", [prefix for prefix, _viewset, _basename in router.registry])
def test_a_page_size_at_the_cap_passes_and_one_past_it_is_a_400(db, prefix):
    from cooperation.api.pagination import MAX_PAGE_SIZE

    url = f"/api/v1/{prefix}/"
    assert get(url, {"page_size": MAX_PAGE_SIZE}).status_code == 200
    response = get(url, {"page_size": MAX_PAGE_SIZE + 1})
    assert response.status_code == 400
    assert "page_size" in response.json()
