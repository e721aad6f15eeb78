"""Atom feeds of newly published articles, projects and summits."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from ..models import Article, Project, Summit

FEED_LENGTH = 30


class BaseFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return item.title

    def item_updateddate(self, item):
        """When its facts last changed, if that was after it was published; else (or where it is
        unknown) its publication: Atom requires a date, and the load day is not one."""
        if item.facts_updated_on is None:
            return item.published_at
        changed = timezone.make_aware(
            datetime.datetime.combine(item.facts_updated_on, datetime.time())
        )
        return max(changed, item.published_at) if item.published_at else changed

    def item_pubdate(self, item):
        return item.published_at

    def item_description(self, item):
        # Atom marks the summary as HTML; the text is plain, so it is escaped to stay text.
        return escape(self.item_text(item))


class ArticleFeed(BaseFeed):
    title = _("China–Central Asia Cooperation Tracker: articles")
    link = reverse_lazy("article-list")
    subtitle = _("News, analysis and opinion on China–Central Asia cooperation.")

    def items(self):
        return Article.objects.published().order_by("-published_at")[:FEED_LENGTH]

    def item_text(self, item):
        return item.standfirst


class ProjectFeed(BaseFeed):
    title = _("China–Central Asia Cooperation Tracker: projects")
    link = reverse_lazy("project-list")
    subtitle = _("Belt and Road projects between China and Central Asia, as they are published.")

    def items(self):
        return Project.objects.published().order_by("-published_at")[:FEED_LENGTH]

    def item_text(self, item):
        return item.summary


class SummitFeed(BaseFeed):
    title = _("China–Central Asia Cooperation Tracker: summits and meetings")
    link = reverse_lazy("summit-list")
    subtitle = _("Summits and ministerial meetings, as they are published.")

    def items(self):
        return Summit.objects.published().order_by("-published_at")[:FEED_LENGTH]

    def item_text(self, item):
        return item.summary
