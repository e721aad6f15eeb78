"""/articles/ and /articles/<slug>/."""

from ..filters import ArticleFilter
from ..models import Article
from .base import FilteredListView, PublishedDetailView


class ArticleListView(FilteredListView):
    model = Article
    filterset_class = ArticleFilter
    template_name = "cooperation/article_list.html"
    csv_filename = "articles.csv"
    csv_header = ("slug", "title", "kind", "author", "publisher", "published_on", "url")

    def csv_row(self, article):
        return (
            article.slug,
            article.title,
            article.kind,
            article.author,
            article.publisher,
            article.published_on.isoformat(),
            self.request.build_absolute_uri(article.get_absolute_url()),
        )


class ArticleDetailView(PublishedDetailView):
    model = Article
    template_name = "cooperation/article_detail.html"
