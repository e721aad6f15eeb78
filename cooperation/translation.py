"""Which fields are translated (English, Chinese, Russian), which records still lack a
translation, and change history for every model.

History is registered here, after the translation options, so that the historical models carry
every translated column (title_en, title_zh_hans, title_ru) and a revert restores them all.
"""

import simple_history
from django.db.models import Q
from modeltranslation.translator import TranslationOptions, register, translator
from simple_history.models import HistoricalRecords

from .models import (
    Article,
    Commitment,
    Country,
    Evidence,
    FinanceRecord,
    Organization,
    Outcome,
    Project,
    ProjectMilestone,
    ProjectPartner,
    PublicationStatus,
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


@register(FinanceRecord)
class FinanceRecordTranslation(TranslationOptions):
    # Optional in every language: without one, pages show AidData's English title, labelled.
    fields = ("title",)
    required_languages = ()


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
    FinanceRecord: ["financiers", "sources"],
}

# Each model's history, so that record_save() can write one version for a save and its links.
HISTORY_RECORDS = {}


class Records(HistoricalRecords):
    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        HISTORY_RECORDS[sender] = self


for model, m2m_fields in HISTORY.items():
    # The search document is derived by the database; history need not keep it.
    excluded = ["search_document"] if hasattr(model, "search_document") else []
    simple_history.register(
        model,
        app=__package__,
        records_class=Records,
        m2m_fields=m2m_fields,
        excluded_fields=excluded,
    )


# The languages every published text is translated into, as column suffixes.
TRANSLATED_LANGUAGES = ("zh_hans", "ru")

# Records without a publication status of their own are public when their parent is.
PUBLIC_THROUGH = {
    ProjectPartner: "project",
    ProjectMilestone: "project",
    Outcome: "summit",
    Evidence: "commitment",
}


def translated_models():
    return sorted(translator.get_registered_models(), key=lambda model: model._meta.label)


def translated_fields(model):
    return sorted(translator.get_options_for_model(model).fields)


def missing(field, language):
    """Q for records with English text in `field` and none in `language`."""
    has_english = ~Q(**{f"{field}_en": ""}) & Q(**{f"{field}_en__isnull": False})
    lacks_own = Q(**{f"{field}_{language}": ""}) | Q(**{f"{field}_{language}__isnull": True})
    return has_english & lacks_own


def missing_translation(model, language):
    """Q for records with any translated field that shows English in `language`."""
    query = Q(pk__in=[])
    for field in translated_fields(model):
        query |= missing(field, language)
    return query


def public_records(model):
    """What visitors can read: published records, children of published records, and the
    reference records (countries, sectors…) that are public as soon as they are saved."""
    if hasattr(model.objects, "published"):
        return model.objects.published()
    parent = PUBLIC_THROUGH.get(model)
    if parent:
        return model.objects.filter(
            **{f"{parent}__publication_status": PublicationStatus.PUBLISHED}
        )
    return model.objects.all()
