"""Facets for the public list pages: each list filter the FilterSet declares, with the number of
records each value would give, and the active filters as removable chips.

Counts come from the same FilterSet the page and the API use: for one facet, every other active
filter applies (so ticking a second country widens the result, as a visitor expects), then one
grouped query counts the records per value. One query per facet plus one per list of labels,
however many values or records there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import caching
from .filters import ChoiceListFilter, CodeListFilter, split_values

NOT_FILTERS = {"ordering", "page", "format", "updated_since"}


@dataclass
class Option:
    value: str
    label: str
    count: int
    checked: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)


@dataclass
class Chip:
    label: str
    remove_url: str


def is_facet(filter_):
    return isinstance(filter_, CodeListFilter | ChoiceListFilter) and not _is_text_box(filter_)


def _is_text_box(filter_):
    widget = filter_.extra.get("widget")
    return widget is not None and not hasattr(widget, "allow_multiple_selected")


def _labels(filterset, name, shown):
    """The values of one facet that it shows (`shown`) with their labels, in the order the
    field lists them. Of a list of records, only those shown are read (not every organization
    for the partners that have projects), once per change to the content, language and the
    values shown."""
    form_field = filterset.form.fields[name]
    filter_ = filterset.filters[name]
    if isinstance(filter_, ChoiceListFilter):
        return [(str(value), str(label)) for value, label in filter_.extra["choices"].choices]
    among = sorted(shown)
    if not among:
        return []
    return caching.remember(
        "facet-labels",
        (form_field.queryset.query.sql_with_params(), form_field.to_field, among, get_language()),
        lambda: [(str(value), str(label)) for value, label in form_field.choices(among)],
        getattr(filterset, "request", None),
    )


def _cleaned(filterset):
    if filterset.is_bound and filterset.is_valid():
        return filterset.form.cleaned_data
    return {}


def _counts(filterset, name, cleaned):
    """Records per value of one facet, with every other active filter applied."""
    queryset = filterset.queryset
    for other, value in cleaned.items():
        if other not in (name, "ordering"):
            queryset = filterset.filters[other].filter(queryset, value)
    path = filterset.filters[name].field_name
    rows = (
        queryset.select_related(None)
        .prefetch_related(None)
        .order_by()
        .values(path)
        .annotate(records=Count("pk", distinct=True))
        .values_list(path, "records")
    )
    # Counted once per change to the content, like the lists' own counts: every page, ordering
    # and cache-busting address of the same filters shares them.
    return caching.remember(
        "facet-counts",
        rows.query.sql_with_params(),
        lambda: {str(value): count for value, count in rows if value is not None},
        getattr(filterset, "request", None),
    )


def state(filterset, leave_out=("page", "format")):
    """What a list is asked for, as a key: its FilterSet and the values given for its own
    fields, in their order. The page, the output format and parameters the FilterSet does not
    know (a tracking or cache-busting one) are left out: they change neither the facets nor
    the filter form. The rest is what the form, its counts and its SQL are worked out from."""
    data = filterset.form.data
    given = tuple(
        (name, tuple(data.getlist(name)))
        for name in filterset.form.fields
        if name not in leave_out and data.getlist(name)
    )
    return (type(filterset).__name__, given)


def facets(filterset):
    """The facets of a list page: values with no matching record are left out, unless chosen.
    Worked out once per change to the content, language and filters: every page, ordering and
    other address of the same filters shares them, without building their SQL. A refused form
    (a bad order, say) counts with no filter: never kept, or it would stand for the valid one."""
    if filterset.is_bound and not filterset.is_valid():
        return _facets(filterset)
    return caching.remember(
        "facets",
        # Every filter the counts apply is in the key (`updated_since` too); the order is not.
        (state(filterset, leave_out=("page", "format", "ordering")), get_language()),
        lambda: _facets(filterset),
        getattr(filterset, "request", None),
    )


def _facets(filterset):
    cleaned = _cleaned(filterset)
    result = []
    for name, filter_ in filterset.filters.items():
        if name in NOT_FILTERS or not is_facet(filter_):
            continue
        chosen = {str(v) for v in cleaned.get(name) or []}
        counts = _counts(filterset, name, cleaned)
        shown = {value for value, count in counts.items() if count} | chosen
        options = [
            Option(value, label, counts.get(value, 0), value in chosen)
            for value, label in _labels(filterset, name, shown)
            if value in shown
        ]
        result.append(Facet(name, str(filter_.label), options))
    return result


def other_fields(filterset):
    """The form fields that are not facets (text, years, dates), in declared order."""
    return [
        filterset.form[name]
        for name, filter_ in filterset.filters.items()
        if name not in NOT_FILTERS and not is_facet(filter_)
    ]


def _url(path, params):
    params = params.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


def _chip(label, value, url):
    return Chip(_("%(filter)s: %(value)s") % {"filter": label, "value": value}, url)


def chips(filterset, facet_list, path, query):
    """One chip per chosen facet value and per other filter set, each with the address of the
    same list without it (`query`: the list's own parameters, `FilteredListView.query`)."""
    if not _cleaned(filterset):
        return []
    labels = {(f.name, o.value): o.label for f in facet_list for o in f.options}
    facet_names = {facet.name for facet in facet_list}
    result = []
    for name, filter_ in filterset.filters.items():
        given = [v for value in query.getlist(name) for v in split_values(value)]
        if name in NOT_FILTERS or not given:
            continue
        label = str(filter_.label)
        if name not in facet_names:
            params = query.copy()
            params.pop(name)
            result.append(_chip(label, ", ".join(given), _url(path, params)))
            continue
        upper = filter_.extra.get("upper", False)
        for value in given:
            params = query.copy()
            rest = [v for v in given if v != value]
            if rest:
                params.setlist(name, [",".join(rest)])
            else:
                params.pop(name)
            shown = labels.get((name, value.upper() if upper else value), value)
            result.append(_chip(label, shown, _url(path, params)))
    return result
