from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from cooperation.admin.deleted import deleted_records_view
from cooperation.admin.views import markdown_preview

urlpatterns = [
    path("admin/markdown-preview/", markdown_preview, name="markdown-preview"),
    path(
        "admin/deleted/",
        admin.site.admin_view(deleted_records_view),
        name="admin-deleted-records",
    ),
    path("admin/", admin.site.urls),
    path("", include("cooperation.urls")),
]

if settings.DEBUG:
    # In production the web server or object storage serves media (docs/operations.md).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
