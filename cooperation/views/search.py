"""/search/?q=: one box across the site's records, grouped by kind, matches highlighted."""

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..search import MAX_QUERY_LENGTH, clean_query, search_everything


class SearchView(TemplateView):
    template_name = "cooperation/search.html"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("q", "")
        query = clean_query(raw)
        error = None
        if len(raw) > MAX_QUERY_LENGTH * 2:
            error = _("The search is too long; use at most %(count)s characters.") % {
                "count": MAX_QUERY_LENGTH
            }
        groups = search_everything(query, self.request) if query and not error else []
        context = self.get_context_data(
            query=query,
            error=error,
            groups=groups,
            total=sum(total for _key, _label, _results, total in groups),
        )
        return self.render_to_response(context, status=400 if error else 200)
