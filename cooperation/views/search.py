"""/search/?q=: one box across the site's records, grouped by kind, matches highlighted."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..search import MAX_QUERY_LENGTH, clean_query, search_everything
from .base import KeptContentMixin


class SearchView(KeptContentMixin, TemplateView):
    """The results are kept whole under the words searched for (and the content version,
    language and day), so the same search with a tracking or cache-busting parameter renders
    only the frame."""

    template_name = "cooperation/search.html"
    content_template_name = "cooperation/content/search.html"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("q", "")
        self.query = clean_query(raw)
        self.error = None
        if len(raw) > MAX_QUERY_LENGTH * 2:
            self.error = _("The search is too long; use at most %(count)s characters.") % {
                "count": MAX_QUERY_LENGTH
            }
        context = self.get_context_data(query=self.query, error=self.error)
        return self.render_to_response(context, status=400 if self.error else 200)

    def content_vary(self):
        return None if self.error else (self.query,)

    def get_content_data(self, context):
        groups = (
            search_everything(self.query, self.request) if self.query and not self.error else []
        )
        context["groups"] = groups
        context["total"] = sum(total for _key, _label, _results, total in groups)
        return context
