"""/articles/ and /articles/<slug>/."""

from ..exports import ARTICLES
from ..filters import ArticleFilter
from ..models import Article
from .base import FilteredListView, KeptContentMixin, PublishedDetailView


class ArticleListView(FilteredListView):
    model = Article
    filterset_class = ArticleFilter
    template_name = "cooperation/article_list.html"
    content_template_name = "cooperation/content/article_list.html"
    table = ARTICLES
    row_relations = ()
    kept_rows = True


class ArticleDetailView(KeptContentMixin, PublishedDetailView):
    model = Article
    template_name = "cooperation/article_detail.html"
    content_template_name = "cooperation/content/article_detail.html"
