"""/api/: the versioned REST API, its OpenAPI schema and its documentation pages."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from . import finance, views
from .deletions import DeletionListView
from .docs import redoc_script_view
from .downloads import DownloadListView, download_file

router = DefaultRouter()
router.register("countries", views.CountryViewSet)
router.register("sectors", views.SectorViewSet)
router.register("organizations", views.OrganizationViewSet)
router.register("sources", views.SourceViewSet)
router.register("projects", views.ProjectViewSet)
router.register("summits", views.SummitViewSet)
router.register("trade-statistics", views.TradeStatisticViewSet)
router.register("articles", views.ArticleViewSet)
router.register("commitments", views.CommitmentViewSet)
router.register("finance", finance.FinanceRecordViewSet, basename="finance")

app_name = "api"

urlpatterns = [
    path("v1/deletions/", DeletionListView.as_view(), name="deletion-list"),
    path("v1/downloads/", DownloadListView.as_view(), name="download-list"),
    path("v1/downloads/<str:name>", download_file, name="download-file"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script is a file of its own, so the page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc sets its styles at run time; only this page lets it (its scripts stay our files).
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(url_name="api:schema")
        ),
        name="redoc",
    ),
    path("redoc/redoc.standalone.js", redoc_script_view, name="redoc-script"),
]
