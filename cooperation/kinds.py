"""The kinds of record with public pages of their own. Editors publish them; each has a page
at its slug, a public change log, a correction form, a group in the search and a section of
the sitemap. A new kind is added here, and every one of those doors knows it."""

from .models import Article, Commitment, Project, Summit

PUBLIC_KINDS = (Project, Summit, Article, Commitment)


def singular(model):
    """The kind as the correction form's address names it: `project`."""
    return model._meta.model_name


def plural(model):
    """The kind as change logs, search groups and the sitemap name it: `projects`."""
    return f"{model._meta.model_name}s"


BY_SINGULAR = {singular(model): model for model in PUBLIC_KINDS}
BY_PLURAL = {plural(model): model for model in PUBLIC_KINDS}
