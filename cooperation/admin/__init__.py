"""The editors' workspace. Importing the modules registers every model with the admin site."""

from . import articles, projects, reference, summits, trade, users  # noqa: F401
