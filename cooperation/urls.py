"""Public pages, served under a language prefix (/en/, /zh-hans/, /ru/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("summits/", views.SummitListView.as_view(), name="summit-list"),
    path("summits/<slug:slug>/", views.SummitDetailView.as_view(), name="summit-detail"),
    path("trade/", views.TradeView.as_view(), name="trade"),
    path("trade/figures/<int:pk>/", views.TradeFigureView.as_view(), name="trade-figure"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<slug:slug>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitment-list"),
    path(
        "commitments/<slug:slug>/",
        views.CommitmentDetailView.as_view(),
        name="commitment-detail",
    ),
    path("finance/", views.FinanceListView.as_view(), name="finance-list"),
    path("finance/<int:aiddata_id>/", views.FinanceDetailView.as_view(), name="finance-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("licence/", views.LicenceView.as_view(), name="licence"),
    path("<str:kind>/<slug:slug>/changes/", views.ChangeLogView.as_view(), name="change-log"),
    path(
        "corrections/<str:kind>/<slug:slug>/",
        views.report_correction,
        name="report-correction",
    ),
    path("feeds/articles/", views.ArticleFeed(), name="feed-articles"),
    path("feeds/projects/", views.ProjectFeed(), name="feed-projects"),
    path("feeds/summits/", views.SummitFeed(), name="feed-summits"),
]
