"""The editors' workspace. Importing the modules registers every model with the admin site."""

from . import articles, corrections, projects, reference, summits, trade, users  # noqa: F401
