"""/api/: the versioned REST API, its OpenAPI schema and its documentation pages."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
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

app_name = "api"

urlpatterns = [
    path("v1/downloads/", DownloadListView.as_view(), name="download-list"),
    path("v1/downloads/<str:name>", download_file, name="download-file"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
