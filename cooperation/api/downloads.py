"""/api/v1/downloads/: the bulk snapshots, and each file, served as static files are: with an
ETag and Last-Modified (a 304 for a client that has it) and byte ranges (a broken download
resumes where it stopped)."""

import hashlib
import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..services.snapshots import snapshots
from .base import refuse_unknown_parameters, use_asked_language
from .schema import JSON_ONLY

CHUNK = 64 * 1024
BYTE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class DownloadSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField(
        help_text="The snapshot's own version (its time in UTC); no two snapshots share one."
    )
    date = serializers.DateField()
    size = serializers.IntegerField(help_text="Bytes.")
    created = serializers.DateTimeField()
    url = serializers.URLField()


def with_validators(response, etag, modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    return response


class DownloadListView(APIView):
    """Bulk downloads of the whole published dataset, newest first."""

    permission_classes = []

    def accepted_parameters(self):
        return {"format", "lang", "_"}

    def initial(self, request, *args, **kwargs):
        use_asked_language(request)
        super().initial(request, *args, **kwargs)
        refuse_unknown_parameters(request, self.accepted_parameters())

    @extend_schema(
        summary="Bulk downloads",
        tags=["downloads"],
        parameters=[JSON_ONLY],
        responses=DownloadSerializer(many=True),
    )
    def get(self, request):
        listed = snapshots()
        key = "|".join(f"{s.name}:{s.size}:{s.created.timestamp()}" for s in listed)
        etag = f'"{hashlib.sha1(key.encode()).hexdigest()}"'
        modified = int(max((s.created.timestamp() for s in listed), default=0))
        answer = get_conditional_response(request, etag=etag, last_modified=modified)
        if answer is not None:
            return with_validators(answer, etag, modified)
        rows = [
            {
                "name": s.name,
                "version": s.version,
                "date": s.date,
                "size": s.size,
                "created": s.created,
                "url": reverse("api:download-file", args=[s.name], request=request),
            }
            for s in listed
        ]
        return with_validators(Response(DownloadSerializer(rows, many=True).data), etag, modified)


def byte_range(header, size):
    """(first, last) of a single `bytes=` range, None to send the whole file (no range, or
    several: RFC 9110 lets a server ignore those), or "unsatisfiable"."""
    match = BYTE_RANGE.fullmatch(header.strip()) if header else None
    if match is None or match[1] == match[2] == "":
        return None
    if match[1] == "":  # the last N bytes
        length = int(match[2])
        return (max(size - length, 0), size - 1) if length and size else "unsatisfiable"
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    if first >= size or last < first:
        return "unsatisfiable"
    return first, last


def still_current(request, etag, modified):
    """If-Range: the range is for this version of the file (else the whole file is sent)."""
    validator = request.headers.get("If-Range")
    if not validator:
        return True
    if validator.startswith('"'):
        return validator == etag
    return parse_http_date_safe(validator) == modified


def file_slice(path, first, last):
    with open(path, "rb") as handle:
        handle.seek(first)
        left = last - first + 1
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data


def download_file(request, name):
    """One snapshot, or `latest.zip` for the newest."""
    listed = snapshots()
    if name == "latest.zip":
        snapshot = listed[0] if listed else None
    else:
        snapshot = next((s for s in listed if s.name == name), None)
    if snapshot is None:
        raise Http404("No such download.")
    try:
        handle = open(snapshot.path, "rb")  # noqa: SIM115 (the response closes it)
    except FileNotFoundError:  # pruned since it was listed
        raise Http404("No such download.") from None
    size, modified = snapshot.size, int(snapshot.created.timestamp())
    etag = f'"{snapshot.version}-{size:x}"'
    answer = get_conditional_response(request, etag=etag, last_modified=modified)
    if answer is not None:
        handle.close()
        return with_validators(answer, etag, modified)
    wanted = byte_range(request.headers.get("Range"), size)
    if wanted is not None and not still_current(request, etag, modified):
        wanted = None
    if wanted == "unsatisfiable":
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is not None:
        handle.close()
        first, last = wanted
        response = StreamingHttpResponse(
            file_slice(snapshot.path, first, last), status=206, content_type="application/zip"
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
        response["Content-Disposition"] = f'attachment; filename="{snapshot.name}"'
    else:
        response = FileResponse(
            handle, as_attachment=True, filename=snapshot.name, content_type="application/zip"
        )
    response["Accept-Ranges"] = "bytes"
    return with_validators(response, etag, modified)
