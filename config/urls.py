from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cooperation.admin.deleted import deleted_records_view
from cooperation.admin.reviews import review_decide_view, review_queue_view
from cooperation.admin.views import markdown_preview
from cooperation.sitemaps import SITEMAPS
from cooperation.views import favicon, healthz, robots_txt

urlpatterns = [
    path("admin/markdown-preview/", markdown_preview, name="markdown-preview"),
    path(
        "admin/deleted/",
        admin.site.admin_view(deleted_records_view),
        name="admin-deleted-records",
    ),
    path("admin/reviews/", admin.site.admin_view(review_queue_view), name="admin-review-queue"),
    path(
        "admin/reviews/<int:pk>/",
        admin.site.admin_view(review_decide_view),
        name="admin-review-decide",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("cooperation.api.urls")),
]
urlpatterns += i18n_patterns(path("", include("cooperation.urls")), prefix_default_language=True)

if settings.BENCHMARK:
    from benchmarks import views as yardsticks

    urlpatterns[:0] = [
        path("bench/plaintext/", yardsticks.plaintext, name="benchmark-plaintext"),
        path("bench/values/", yardsticks.values, name="benchmark-values"),
    ]

if settings.DEBUG:
    # In production the web server or object storage serves media (docs/deployment.md).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "cooperation.api.errors.bad_request"
handler403 = "cooperation.api.errors.permission_denied"
handler404 = "cooperation.api.errors.not_found"
handler500 = "cooperation.api.errors.server_error"
