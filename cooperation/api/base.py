"""What every API resource shares: published records for the public, drafts for editors who ask,
the shared FilterSets, conditional GET, CSV of the whole filtered result, JSON errors."""

import difflib
import hashlib

from django.conf import settings
from django.db.models import ProtectedError
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework import renderers, serializers, viewsets
from rest_framework.exceptions import APIException, NotFound, Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList

from ..caching import content_state, keys_of
from ..exports import csv_download, table_csv_pieces
from ..models import PublicationStatus
from ..paging import totally_ordered
from ..services.records import record_delete
from ..services.slugs import moved_to
from .filtering import DRAFT_VALUES
from .negotiation import BrowsableAPIRenderer
from .parsers import PARSERS
from .relations import read_as_values
from .renderers import JSONRenderer
from .representations import CachedRecordList, keeps, kept_record

CSV_CHUNK = 2000


class CSVRenderer(renderers.BaseRenderer):
    """Lists as CSV (`?format=csv` or `Accept: text/csv`): every filtered row, streamed."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Lists stream their own rows; this only runs for what has no CSV form.
        raise NotFound(_("This address has no CSV form; ask for JSON."))


def refuse_unknown_parameters(request, accepted):
    """A 400 naming each query parameter not in `accepted`, with the nearest known name."""
    params = request.query_params
    unknown = [
        name
        for name in params
        if name not in accepted
        # `status=draft|all|published` is the publication status where a record has no
        # status of its own (see visible()).
        and not (name == "status" and params[name] in (*DRAFT_VALUES, PublicationStatus.PUBLISHED))
    ]
    if not unknown:
        return
    names = ", ".join(sorted(accepted))
    errors = {}
    for name in unknown[:10]:
        close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.7)
        if close:
            message = _(
                "Unknown parameter “%(name)s”; did you mean “%(close)s”? "
                "This address accepts: %(accepted)s."
            ) % {"name": name, "close": close[0], "accepted": names}
        else:
            message = _("Unknown parameter “%(name)s”. This address accepts: %(accepted)s.") % {
                "name": name,
                "accepted": names,
            }
        errors[name[:100]] = [message]
    raise ValidationError(errors)


def use_asked_language(request):
    """`?lang=` over Accept-Language, for every address of the API; an unknown code is a 400."""
    language = request.query_params.get("lang")
    if language:
        available = dict(settings.LANGUAGES)
        if language not in available:
            raise ValidationError(
                {"lang": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(available)}]}
            )
        translation.activate(language)
        request.LANGUAGE_CODE = language


class Conflict(APIException):
    status_code = 409
    default_code = "conflict"


def is_editor(user, model):
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class RecordViewSet(viewsets.ModelViewSet):
    """A resource with list and detail for everyone and writes for editors."""

    table = None  # the exports.Table that gives the CSV its columns
    list_renderers = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    parser_classes = PARSERS
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    # Slugs and ids, as the page addresses take them: anything else (a NUL byte, which
    # PostgreSQL refuses in a query) is an unknown address.
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_renderers(self):
        if self.action == "list":
            return [renderer() for renderer in self.list_renderers]
        return [JSONRenderer(), BrowsableAPIRenderer()]

    # Language: Accept-Language (through LocaleMiddleware) or ?lang=; English by default.

    def initial(self, request, *args, **kwargs):
        use_asked_language(request)
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self.refuse_unknown_parameters(request)

    # No silent parameters: a query parameter nothing reads is a 400 that names it, not a
    # full answer that looks filtered.

    # `_` is the usual cache-buster (jQuery's `cache: false` sends `_=<time>`): accepted and
    # ignored, so a client that must bypass shared caches can.
    EVERY_READ_PARAMETERS = ("format", "lang", "_")
    LIST_PARAMETERS = ("page", "page_size", "publication_status", "fields", "paging", "cursor")

    def accepted_parameters(self):
        """What this action reads from the query string, or None where it is not checked."""
        if self.action == "retrieve":
            return {*self.EVERY_READ_PARAMETERS, "publication_status"}
        if self.action == "list":
            filters = self.filterset_class.base_filters if self.filterset_class else {}
            return {*self.EVERY_READ_PARAMETERS, *self.LIST_PARAMETERS, *filters}
        return None  # other actions (the trade summary) check their own

    def refuse_unknown_parameters(self, request):
        accepted = self.accepted_parameters()
        if accepted is not None:
            refuse_unknown_parameters(request, accepted)

    def throttled(self, request, wait):
        if getattr(request, "export_throttled", False):
            raise Throttled(
                wait,
                _(
                    "Too many exports from you in the last hour. The whole dataset is in "
                    "/api/v1/downloads/ at any time."
                ),
            )
        super().throttled(request, wait)

    # What is visible

    def base_queryset(self):
        return self.queryset.model.objects.with_related()

    def visible(self, queryset):
        """Published only, unless an editor asks for drafts (`?publication_status=draft|all`;
        `?status=draft` works too where `status` is not the record's own field); an editor's
        read of one record finds it whatever its status."""
        params = self.request.query_params
        model = self.queryset.model
        asked = params.get("publication_status") or ""
        if not asked and params.get("status") in (*DRAFT_VALUES, PublicationStatus.PUBLISHED):
            asked = params["status"]
        if not asked and self.action == "retrieve" and is_editor(self.request.user, model):
            # The address a write answers with (Location, `url`) works for its editor, draft
            # or not.
            return queryset
        if not asked or asked == PublicationStatus.PUBLISHED:
            return queryset.published()
        self.check_drafts_asked(asked)
        return queryset.drafts() if asked == PublicationStatus.DRAFT else queryset

    def check_drafts_asked(self, asked):
        """A 400 unless drafts were asked for by name (draft or all) by an editor."""
        if asked not in DRAFT_VALUES:
            raise ValidationError({"publication_status": [_("Choose published, draft or all.")]})
        if not is_editor(self.request.user, self.queryset.model):
            raise ValidationError(
                {"publication_status": [_("Only signed-in editors may ask for drafts.")]}
            )

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and is_editor(
            self.request.user, queryset.model
        ):
            return queryset  # editors change drafts, and what only drafts cite, too
        if not hasattr(queryset.model, "publication_status"):
            # Organizations and sources are public once a published record cites them. They
            # have no drafts: `publication_status` is checked as elsewhere, and a draft is none.
            asked = self.request.query_params.get("publication_status")
            if asked and asked != PublicationStatus.PUBLISHED:
                self.check_drafts_asked(asked)
                if asked == PublicationStatus.DRAFT:
                    return queryset.none()
            return queryset.public() if hasattr(queryset, "public") else queryset
        return self.visible(queryset)

    # Conditional GET

    def etag_for(self, *parts):
        user_part = "editor" if self.request.user.is_authenticated else "public"
        key = "|".join(
            [
                self.request.get_full_path(),
                getattr(self.request.accepted_renderer, "format", ""),
                get_language() or "",
                user_part,
                *map(str, parts),
            ]
        )
        return quote_etag(hashlib.sha1(key.encode()).hexdigest())

    def precondition_response(self, etag, last_modified):
        """A 304 (or 412) when the request's If-None-Match / If-Modified-Since (or If-Match /
        If-Unmodified-Since) settle it, as RFC 9110 orders them: weak comparison for
        If-None-Match, lists and `*` included; If-Modified-Since only without If-None-Match."""
        answer = get_conditional_response(
            self.request,
            etag=etag,
            last_modified=int(last_modified.timestamp()) if last_modified else None,
        )
        if answer is not None and answer.status_code == 304:
            self.with_validators(answer, etag, last_modified)
        return answer

    def with_validators(self, response, etag, last_modified):
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return response

    # Actions

    def validators(self):
        """The ETag and Last-Modified of anything this request can return: they change with
        every committed change to the content (one query by primary key)."""
        version, changed_at = content_state(self.request)
        return self.etag_for(version), changed_at

    def list(self, request, *args, **kwargs):
        etag, last_modified = self.validators()
        if (answer := self.precondition_response(etag, last_modified)) is not None:
            return answer
        queryset = self.filter_queryset(self.get_queryset())
        special = self.special_format_response(request, queryset)
        if special is not None:
            return self.with_validators(special, etag, last_modified)
        kept = self.kept_page(queryset)
        if kept is not None:
            return self.with_validators(self.get_paginated_response(kept), etag, last_modified)
        # As ListModelMixin.list, without filtering the queryset a second time.
        page = self.paginate_queryset(self.prefetch_for_fields(queryset))
        if page is None:
            response = Response(self.get_serializer(queryset, many=True).data)
        else:
            response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return self.with_validators(response, etag, last_modified)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return self.prepared(page) if page is not None else page

    def kept_page(self, queryset):
        """A page of kept representations (`representations.py`): its primary keys read first,
        then only the records the cache does not hold. None where representations are not kept,
        or for a cursor walk, whose paging reads the records' own fields."""
        lister = self.get_serializer(many=True)
        paginator = self.paginator
        if (
            not isinstance(lister, CachedRecordList)
            or not lister.keeps()
            or paginator is None
            or getattr(paginator, "walking", lambda request: True)(self.request)
        ):
            return None
        pks = paginator.paginate_queryset(keys_of(queryset), self.request, view=self)

        def records(missing):
            return self.prepared(
                list(self.prefetch_for_fields(queryset.filter(pk__in=missing).order_by()))
            )

        return ReturnList(lister.by_primary_key(pks, records), serializer=lister)

    def special_format_response(self, request, queryset):
        if request.accepted_renderer.format == "csv":
            site = request.build_absolute_uri("/").rstrip("/")
            # Ties broken by primary key, so the same export comes out the same each time.
            pieces = table_csv_pieces(self.table, totally_ordered(queryset), site)
            return csv_download(pieces, f"{self.table.name}.csv")
        return None

    def retrieve(self, request, *args, **kwargs):
        try:
            etag, last_modified = self.validators()
            if (answer := self.precondition_response(etag, last_modified)) is not None:
                return answer
            response = self.kept_detail() or super().retrieve(request, *args, **kwargs)
        except Http404:
            moved = self.moved(request, kwargs)
            if moved is None:
                raise
            return moved
        return self.with_validators(response, etag, last_modified)

    def reads_one(self):
        """A record read at its own address (not written): its relations are read as values."""
        return self.action == "retrieve" and self.request.method in ("GET", "HEAD")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.prefetch_for_fields(queryset) if self.reads_one() else queryset

    def get_object(self):
        record = super().get_object()
        if not self.reads_one():
            return record
        return read_as_values([record], self.values_relations, self.relation_source())[0]

    def kept_detail(self):
        """A record's kept representation (`representations.py`), the same a list keeps: its
        primary key read first, the record and its relations only when the cache lacks it.
        None where representations are not kept, for the browsable API, or where no record has
        that address (a 404, or a 301 from an old slug, follows as usual)."""
        serializer = self.get_serializer()
        # The browsable API fills its edit form from the record: it reads the record.
        if not keeps(serializer) or self.request.accepted_renderer.format != "json":
            return None
        lookup = self.lookup_url_kwarg or self.lookup_field
        queryset = self.filter_queryset(self.get_queryset()).select_related(None)
        pk = (
            queryset.prefetch_related(None)
            .filter(**{self.lookup_field: self.kwargs[lookup]})
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return None

        def build():
            return self.get_serializer(self.get_object()).data

        return Response(kept_record(serializer, self.request, pk, build))

    def moved(self, request, kwargs):
        """A 301 to the record's address now, when the slug asked for is one it used to have."""
        old = kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if self.lookup_field != "slug" or not old:
            return None
        record = moved_to(self.get_queryset().model, old)
        if record is None or not self.get_queryset().filter(pk=record.pk).exists():
            return None
        head, _sep, tail = request.get_full_path().rpartition(f"/{old}/")
        return HttpResponsePermanentRedirect(f"{head}/{record.slug}/{tail}")

    def requested_fields(self):
        """The names `?fields=` gives on a list, or None."""
        raw = self.request.query_params.get("fields") if self.action == "list" else None
        return None if raw is None else [name.strip() for name in raw.split(",") if name.strip()]

    # Relations a list reads as values for each page (`relations.py`), not as prefetches.
    values_relations = ()

    def relation_source(self):
        """The queryset whose prefetches say what each relation read as values may show: this
        request's own, as `prefetch_for_fields` found it (building `base_queryset()` again would
        cost 0.6 ms a request)."""
        source = self.__dict__.get("_relation_source")
        return self.base_queryset() if source is None else source

    def shown_relations(self):
        """The relations the fields asked for read (`?fields=`), or None for all of them.
        None too where a field is worked out by a method, which may read any."""
        if "_shown_relations" not in self.__dict__:
            self._shown_relations = self.relations_of(self.requested_fields())
        return self._shown_relations

    def relations_of(self, wanted):
        if not wanted:
            return None
        fields = self.get_serializer_class()(context=self.get_serializer_context()).fields
        relations = set()
        for name in wanted:
            field = fields.get(name)
            if field is None or isinstance(field, serializers.SerializerMethodField):
                return None  # a 400 follows, or a method that may read any relation
            if field.source != "*":  # "*": the record's own columns (its links, its dates)
                relations.add(field.source.split(".")[0])
        return relations

    def prefetch_for_fields(self, queryset):
        """A list's records without the relations read as values for its page, and with
        `?fields=`, only the prefetches those fields read: a list of slugs and titles costs one
        query for its page, not one more per relation. The prefetches it drops are kept as
        they were (`relation_source`)."""
        self._relation_source = queryset
        shown = self.shown_relations()
        by_values = {relation.relation for relation in self.values_relations}
        kept = [
            lookup
            for lookup in queryset._prefetch_related_lookups
            if (name := getattr(lookup, "prefetch_through", lookup).split("__")[0]) not in by_values
            and (shown is None or name in shown)
        ]
        return queryset.prefetch_related(None).prefetch_related(*kept)

    def prepared(self, records):
        """The records of a page, ready to serialize: with the relations its fields show read
        as values (a view adds what else its rows need)."""
        shown = self.shown_relations()
        relations = [r for r in self.values_relations if shown is None or r.relation in shown]
        return read_as_values(records, relations, self.relation_source())

    def get_serializer(self, *args, **kwargs):
        """On a JSON list, `?fields=slug,title,status` keeps only those fields of each record."""
        serializer = super().get_serializer(*args, **kwargs)
        wanted = self.requested_fields()
        if wanted is None or not kwargs.get("many"):
            return serializer
        known = serializer.child.fields
        unknown = [name for name in wanted if name not in known]
        if not wanted or unknown:
            raise ValidationError(
                {"fields": [_("Choose fields from: %(fields)s.") % {"fields": ", ".join(known)}]}
            )
        for name in list(known):
            if name not in wanted:
                known.pop(name)
        return serializer

    def perform_destroy(self, instance):
        try:
            record_delete(instance=instance, user=self.request.user)
        except ProtectedError as error:
            kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
            raise Conflict(
                _("Other records still refer to this one (%(kinds)s); change them first.")
                % {"kinds": ", ".join(kinds)}
            ) from None

    def handle_exception(self, exc):
        # Errors are JSON whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)
