"""Public pages. Every queryset starts from published(): drafts are the editors' alone."""

from .articles import ArticleDetailView, ArticleListView
from .changes import ChangeLogView
from .commitments import CommitmentDetailView, CommitmentListView
from .corrections import report_correction
from .countries import CountryDetailView, CountryListView
from .feeds import ArticleFeed, ProjectFeed, SummitFeed
from .finance import FinanceDetailView, FinanceListView
from .overview import OverviewView
from .pages import AboutView, LicenceView, favicon, healthz, robots_txt
from .projects import ProjectDetailView, ProjectListView
from .search import SearchView
from .summits import SummitDetailView, SummitListView
from .trade import TradeFigureView, TradeView

__all__ = [
    "AboutView",
    "ArticleDetailView",
    "ArticleFeed",
    "ArticleListView",
    "ChangeLogView",
    "CommitmentDetailView",
    "CommitmentListView",
    "CountryDetailView",
    "CountryListView",
    "FinanceDetailView",
    "FinanceListView",
    "LicenceView",
    "OverviewView",
    "ProjectDetailView",
    "ProjectFeed",
    "ProjectListView",
    "SearchView",
    "SummitDetailView",
    "SummitFeed",
    "SummitListView",
    "TradeFigureView",
    "TradeView",
    "favicon",
    "healthz",
    "report_correction",
    "robots_txt",
]
