"""What the public list and detail pages share: published records only, filters from the
query string, pagination, CSV of the filtered result, and staff previews of drafts."""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import MAX_URL_REDIRECT_LENGTH
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView

from .. import facets
from ..api.throttles import page_export_wait
from ..caching import cache_get, cache_set, content_key, keys_of
from ..exports import BYTE_ORDER_MARK, csv_download, csv_pieces
from ..limits import refusal
from ..models import Confidence
from ..paging import KeptRecords, TwoEndedPaginator
from ..services.slugs import moved_to

CSV_CHUNK = 2000


def export_refusal(request):
    """A CSV download costs a worker seconds: the same hourly allowance as the API's exports
    (counted together), or a 429 that says where the whole dataset is."""
    wait = page_export_wait(request)
    if wait is None:
        return None
    response = refusal(
        request,
        429,
        _(
            "Too many downloads from you in the last hour. The whole dataset is in "
            "/api/v1/downloads/ at any time."
        ),
    )
    response["Retry-After"] = str(wait)
    return response


def kept_content(key, template_name, context, request):
    """A page's content rendered, and kept in the shared cache under `key` when there is one
    (`caching.content_key`)."""
    content = render_to_string(template_name, context, request)
    if key:
        cache_set(key, content, settings.PUBLIC_CACHE_SECONDS)
    return content


def labelled_errors(form, errors):
    """Refused parameters as (parameter, the name the form shows it under, messages): a
    parameter's own name, `start_year_min`, says little to a reader."""
    labelled = []
    for name, messages in (errors or {}).items():
        if name == "page":
            label = _("Page")
        elif name in form.fields and form.fields[name].label:
            label = str(form.fields[name].label)
        else:
            label = name
        labelled.append((name, label[:1].upper() + label[1:], messages))
    return labelled


class FilteredListView(ListView):
    """A list whose filters, sorting and page live in the query string.

    A bad parameter renders the page with the form's message and status 400; `?format=csv`
    downloads every filtered row (not just the page) as CSV.
    """

    filterset_class = None
    paginate_by = 20
    table = None  # the exports.Table whose columns the CSV has, as in the API and snapshot
    # The many-valued relations a page of rows shows. The CSV reads every relation the
    # queryset prefetches; a page reads only these (None: all of them too).
    row_relations = None
    # Whether the template renders the rows with {% keptrows %}: a page is then read as primary
    # keys first, and only the records whose rows the shared cache lacks are read.
    kept_rows = False
    # The page's content, between the site's header and footer; the page's own template is
    # the frame around it.
    content_template_name = None

    def get_base_queryset(self):
        return self.model.objects.published().with_related()

    def get(self, request, *args, **kwargs):
        clean = self.clean_query(request)
        if clean is not None:
            address = f"{request.path}?{clean}" if clean else request.path
            # Beyond Django's limit for a redirect, the empty filters are read as absent.
            if len(address) <= MAX_URL_REDIRECT_LENGTH:
                return HttpResponseRedirect(address)
        # Validated on the published records alone: what the rows show (`get_base_queryset`,
        # its joins, prefetches and sums) is added by `read`, which a kept page never needs.
        self.filterset = self.filterset_class(
            request.GET or None, queryset=self.model.objects.published(), request=request
        )
        # What the list is asked for, as a key for what follows from it alone (its facets,
        # its filter form, its map).
        self.asked = facets.state(self.filterset)
        self.query = self.own_query()
        self.errors = None
        if self.filterset.is_bound and not self.filterset.is_valid():
            self.read()  # the facets count on the same queryset as the valid list's
            return self.render_errors(self.filterset.errors)
        if request.GET.get("format") == "csv":
            self.read()
            refused = export_refusal(request)
            if refused:
                return refused
            site = request.build_absolute_uri("/").rstrip("/")
            rows = self.table.stream(self.object_list, site, CSV_CHUNK)
            pieces = csv_pieces(rows, self.table.header, BYTE_ORDER_MARK)
            return csv_download(pieces, f"{self.table.name}.csv")
        # The content follows from the list's own parameters alone (`own_query`): kept under
        # them, another address of the same list (a tracking or cache-busting parameter, a
        # signed-in reader) renders only the frame around it.
        key = content_key(request, tuple(self.query.lists()))
        content = cache_get(key) if key else None
        if content is None:
            self.read()
            try:
                context = self.get_context_data()
            except InvalidPage as error:
                return self.render_errors({"page": [str(error)]})
            content = kept_content(key, self.content_template_name, context, request)
        return self.render_to_response(self.frame_data(content))

    def get_template_names(self):
        """The frame is each list's own template: ListView would also guess one from the
        records, which a kept page never reads."""
        return [self.template_name]

    def read(self):
        """The list's records, filtered, with what its rows show: built only when they are
        read (on the projects page, `with_related()` alone was a sixth of a kept page's time)."""
        self.filterset.queryset = self.get_base_queryset()
        self.object_list = self.filterset.qs

    def own_query(self):
        """The list's own parameters (its filters and order, in the form's order, then the
        page), which its links carry: a parameter it does not know (a newsletter's
        `utm_source`, a cache-buster) is neither carried along nor part of its content."""
        query = QueryDict(mutable=True)
        for name, values in self.asked[1]:  # facets.state: the fields' values, no page or format
            query.setlist(name, values)
        if self.request.GET.get("page"):
            query["page"] = self.request.GET["page"]
        return query

    def geojson_url(self, name):
        """The API's GeoJSON of every record of the list (all pages, in the API's order)."""
        filters = self.query.copy()
        for param in ("page", "ordering"):
            filters.pop(param, None)
        filters["format"] = "geojson"
        return f"{reverse(name)}?{filters.urlencode()}"

    def frame_data(self, content):
        """The page's frame (title, scripts) around its content."""
        return {"view": self, "content": mark_safe(content)}

    def clean_query(self, request):
        """The query string without the empty filters a form sends when JavaScript is off
        (`?search=&country=UZ&ordering=`), or None when it has none. Only values that are
        exactly empty go: anything else, blank or not, is the FilterSet's to accept or refuse."""
        params = request.GET.copy()
        dropped = False
        for name in set(params) & {*self.filterset_class.base_filters, "page"}:
            values = params.getlist(name)
            kept = [value for value in values if value != ""]
            if len(kept) < len(values):
                dropped = True
                if kept:
                    params.setlist(name, kept)
                else:
                    del params[name]
        return params.urlencode() if dropped else None

    def render_errors(self, errors):
        """The page with the form and its messages, no results, status 400."""
        self.errors = errors
        self.object_list = self.model.objects.none()
        self.paginate_by = None
        context = self.get_context_data()
        content = render_to_string(self.content_template_name, context, self.request)
        return self.render_to_response(self.frame_data(content), status=400)

    def labelled_errors(self):
        return labelled_errors(self.filterset.form, self.errors)

    def rows(self, queryset):
        if self.row_relations is None:
            return queryset
        return queryset.prefetch_related(None).prefetch_related(*self.row_relations)

    def prepared(self, records):
        """A page's records, ready to show (a view adds what its rows need)."""
        return records

    def keeps_rows(self):
        return self.kept_rows and bool(settings.PUBLIC_CACHE_SECONDS)

    def paginate_queryset(self, queryset, page_size):
        kept = self.keeps_rows()
        source = keys_of(queryset) if kept else self.rows(queryset)
        paginator = TwoEndedPaginator(
            source, page_size, allow_empty_first_page=True, request=self.request
        )
        number = self.request.GET.get("page") or 1
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise InvalidPage(_("“%(page)s” is not a page number.") % {"page": number}) from None
        if number < 1 or number > paginator.num_pages:
            raise InvalidPage(
                ngettext(
                    "There is no page %(page)s; there is %(count)s page.",
                    "There is no page %(page)s; there are %(count)s pages.",
                    paginator.num_pages,
                )
                % {"page": number, "count": paginator.num_pages}
            )
        page = paginator.page(number)
        if kept:

            def load(pks):
                return self.prepared(list(self.rows(queryset.filter(pk__in=pks).order_by())))

            page.object_list = KeptRecords(page.object_list, load)
        else:
            page.object_list = self.prepared(list(page.object_list))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["filter_errors"] = self.labelled_errors()
        context["facets"] = facets.facets(self.filterset)
        context["filter_state"] = self.asked
        context["list_query"] = self.query
        context["other_fields"] = facets.other_fields(self.filterset)
        context["chips"] = facets.chips(
            self.filterset, context["facets"], self.request.path, self.query
        )
        return context


class KeptContentMixin:
    """A page whose content, all between the site's header and footer, is kept in the shared
    cache under the content version, like the API's record representations.

    The page cache answers only the address it stored; another address of the same page (a
    tracking or cache-busting parameter, a signed-in reader) then reads the record and renders
    the frame around the kept content, instead of reading every relation and rendering them.
    The view's work for the content goes in `get_content_data()`, the content itself in
    `content_template_name`; the page's template puts `{{ content }}` in its content block.
    The content must follow from the content version, address, language and day alone, and
    what `content_vary()` names (`caching.content_key`); previews are never kept.
    """

    content_template_name = None

    def content_vary(self):
        """What the content follows from besides the address, language and day (a page's
        choices), or None when it must not be kept."""
        return ()

    @cached_property
    def kept(self):
        """(key, the kept content or None), looked up once per request."""
        vary = self.content_vary()
        key = content_key(self.request, vary) if vary is not None else None
        return key, cache_get(key) if key else None

    def get_object(self, queryset=None):
        if queryset is None and self.kept[1] is not None:
            # The frame shows the record's title; its relations are in the kept content.
            queryset = self.get_queryset().prefetch_related(None)
        return super().get_object(queryset)

    def get_content_data(self, context):
        """The context with what the content shows beyond the frame (the work kept content
        spares)."""
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key, content = self.kept
        if content is None:
            context = self.get_content_data(context)
            keep = key if not context.get("is_preview") else None
            content = kept_content(keep, self.content_template_name, context, self.request)
        context["content"] = mark_safe(content)
        return context


class PublishedDetailView(DetailView):
    """A published record by slug; editors of that kind of record may preview a draft with
    ?preview=1 (the same permission the API asks before it shows drafts)."""

    def get_queryset(self):
        queryset = self.model.objects.with_related()
        if self.is_preview():
            return queryset
        return queryset.published()

    def is_preview(self):
        opts = self.model._meta
        user = self.request.user
        return (
            self.request.GET.get("preview") == "1"
            and user.is_authenticated
            and user.is_active
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            raise Http404(_("No such page, or it is not published.")) from None

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            # An address the record had before its slug changed leads to where it is now.
            record = moved_to(self.model, kwargs.get(self.slug_url_kwarg, ""))
            if record is None or not self.get_queryset().filter(pk=record.pk).exists():
                raise
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                record.get_absolute_url() + (f"?{query}" if query else "")
            )
        if not self.object.is_published:
            response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["record"] = self.object
        context["kind"] = f"{self.model._meta.model_name}s"
        context["correction_kind"] = self.model._meta.model_name
        context["unsaved_preview"] = getattr(self.request, "unsaved_preview", False)
        context["is_preview"] = not self.object.is_published or context["unsaved_preview"]
        if context["is_preview"]:
            opts = self.model._meta
            context["admin_change_url"] = getattr(
                self.request,
                "admin_change_url",
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.object.pk]),
            )
        context["low_confidence"] = (
            getattr(self.object, "confidence", Confidence.HIGH) != Confidence.HIGH
        )
        return context
