"""Which fields are translated (English, Chinese, Russian), and change history for every model.

History is registered here, after the translation options, so that the historical models carry
every translated column (title_en, title_zh_hans, title_ru) and a revert restores them all.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Commitment,
    Country,
    Evidence,
    Organization,
    Outcome,
    Project,
    ProjectMilestone,
    ProjectPartner,
    Sector,
    Source,
    Strategy,
    Summit,
    SummitSeries,
    TradeStatistic,
)


class EnglishRequired(TranslationOptions):
    required_languages = ("en",)


@register(Country)
class CountryTranslation(EnglishRequired):
    fields = ("name", "capital")


@register(Strategy)
class StrategyTranslation(EnglishRequired):
    fields = ("name", "period", "adopted", "summary")


@register(Organization)
class OrganizationTranslation(EnglishRequired):
    fields = ("name", "short_name", "description")


@register(Sector)
class SectorTranslation(EnglishRequired):
    fields = ("name", "description")


@register(SummitSeries)
class SummitSeriesTranslation(EnglishRequired):
    fields = ("name", "description")


@register(Project)
class ProjectTranslation(EnglishRequired):
    fields = (
        "title",
        "summary",
        "body",
        "investment_note",
        "location_name",
        "location_note",
        "image_caption",
    )


@register(ProjectPartner)
class ProjectPartnerTranslation(EnglishRequired):
    fields = ("note",)


@register(ProjectMilestone)
class ProjectMilestoneTranslation(EnglishRequired):
    fields = ("description",)


@register(Summit)
class SummitTranslation(EnglishRequired):
    fields = ("title", "city", "summary", "body")


@register(Outcome)
class OutcomeTranslation(EnglishRequired):
    fields = ("title", "key_quote", "summary")


@register(TradeStatistic)
class TradeStatisticTranslation(EnglishRequired):
    fields = ("note",)


@register(Article)
class ArticleTranslation(EnglishRequired):
    fields = ("title", "standfirst", "body", "image_caption")


@register(Commitment)
class CommitmentTranslation(EnglishRequired):
    fields = ("title", "body", "made_by", "status_justification")


@register(Evidence)
class EvidenceTranslation(EnglishRequired):
    fields = ("summary",)


HISTORY = {
    Country: ["members"],
    Strategy: ["sources"],
    Organization: [],
    Sector: [],
    Source: [],
    SummitSeries: [],
    Project: ["countries", "summits", "sources"],
    ProjectPartner: [],
    ProjectMilestone: [],
    Summit: ["participants", "sources"],
    Outcome: ["parties"],
    TradeStatistic: ["other_sources"],
    Article: ["countries", "projects", "summits", "sources"],
    Commitment: ["parties", "projects", "sources"],
    Evidence: ["projects", "trade_statistics", "summits"],
}

for model, m2m_fields in HISTORY.items():
    # The search document is derived by the database; history need not keep it.
    excluded = ["search_document"] if hasattr(model, "search_document") else []
    simple_history.register(model, app=__package__, m2m_fields=m2m_fields, excluded_fields=excluded)
