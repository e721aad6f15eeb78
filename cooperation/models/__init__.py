"""The domain model. Import models from here: `from cooperation.models import Project`."""

from .accounts import ApiToken, PasswordChangeRequired
from .articles import Article, ArticleKind
from .base import Confidence, PublicationStatus
from .commitments import (
    ACHIEVED_STATUSES,
    Commitment,
    CommitmentStatus,
    Evidence,
    TargetKind,
)
from .corrections import CorrectionReport, CorrectionStatus
from .dates import DatePrecision, PartialDate
from .deletions import Deletion
from .finance import (
    AIDDATA_ATTRIBUTION,
    AIDDATA_LICENSE,
    AIDDATA_RECORD_URL,
    OSM_ATTRIBUTION,
    FinanceInstrument,
    FinanceRecord,
    FinanceStatus,
    PointDerivation,
)
from .imports import ImportUpload
from .projects import (
    MilestoneKind,
    PartnerRole,
    Project,
    ProjectMilestone,
    ProjectPartner,
    ProjectStatus,
    status_from_milestones,
)
from .reference import (
    COUNTRY_ORDERING,
    Country,
    CountryRole,
    Organization,
    OrganizationKind,
    Sector,
    Source,
    SourceKind,
    Strategy,
    country_order,
)
from .reviews import ReviewRequest, ReviewStatus
from .seeding import ContentVersion, SeedState
from .slugs import OldSlug
from .summits import (
    EditionNoun,
    Outcome,
    OutcomeKind,
    Summit,
    SummitFormat,
    SummitKind,
    SummitSeries,
)
from .trade import (
    SUMMABLE_QUALIFIERS,
    Currency,
    FigureBasis,
    TradeFlow,
    TradePeriod,
    TradeStatistic,
    UsdBasis,
    ValueQualifier,
)

__all__ = [
    "ReviewRequest",
    "ReviewStatus",
    "AIDDATA_ATTRIBUTION",
    "AIDDATA_LICENSE",
    "AIDDATA_RECORD_URL",
    "OSM_ATTRIBUTION",
    "FinanceInstrument",
    "FinanceRecord",
    "FinanceStatus",
    "PointDerivation",
    "Deletion",
    "ApiToken",
    "PasswordChangeRequired",
    "COUNTRY_ORDERING",
    "country_order",
    "ACHIEVED_STATUSES",
    "Commitment",
    "CommitmentStatus",
    "Evidence",
    "TargetKind",
    "Article",
    "ArticleKind",
    "Confidence",
    "ContentVersion",
    "CorrectionReport",
    "CorrectionStatus",
    "Country",
    "CountryRole",
    "DatePrecision",
    "ImportUpload",
    "MilestoneKind",
    "OldSlug",
    "Organization",
    "OrganizationKind",
    "Outcome",
    "OutcomeKind",
    "PartialDate",
    "PartnerRole",
    "Project",
    "ProjectMilestone",
    "ProjectPartner",
    "ProjectStatus",
    "PublicationStatus",
    "SeedState",
    "Sector",
    "Source",
    "SourceKind",
    "Strategy",
    "Summit",
    "EditionNoun",
    "SummitFormat",
    "SummitKind",
    "SummitSeries",
    "TradeFlow",
    "TradePeriod",
    "SUMMABLE_QUALIFIERS",
    "ValueQualifier",
    "Currency",
    "FigureBasis",
    "UsdBasis",
    "TradeStatistic",
    "status_from_milestones",
]
