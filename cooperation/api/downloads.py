"""/api/v1/downloads/: the dated bulk snapshots, and each file."""

from django.http import FileResponse, Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from ..services.snapshots import snapshot_dir, snapshots


class DownloadSerializer(serializers.Serializer):
    name = serializers.CharField()
    date = serializers.DateField()
    size = serializers.IntegerField(help_text="Bytes.")
    created = serializers.DateTimeField()
    url = serializers.URLField()


class DownloadListView(APIView):
    """Bulk downloads of the whole published dataset, newest first."""

    permission_classes = []

    @extend_schema(
        summary="Bulk downloads", tags=["downloads"], responses=DownloadSerializer(many=True)
    )
    def get(self, request):
        rows = [
            {
                "name": name,
                "date": name.removeprefix("tracker-").removesuffix(".zip"),
                "size": size,
                "created": modified,
                "url": reverse("api:download-file", args=[name], request=request),
            }
            for name, size, modified in snapshots()
        ]
        return Response(DownloadSerializer(rows, many=True).data)


def download_file(request, name):
    """One snapshot, or `latest.zip` for the newest."""
    available = {found: found for found, _size, _modified in snapshots()}
    if name == "latest.zip" and available:
        name = next(iter(sorted(available, reverse=True)))
    if name not in available:
        raise Http404("No such download.")
    return FileResponse(
        open(snapshot_dir() / name, "rb"),
        as_attachment=True,
        filename=name,
        content_type="application/zip",
    )
