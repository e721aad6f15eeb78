"""/about/, /healthz and /robots.txt."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .. import caching
from ..models import Source, TradeStatistic


class AboutView(TemplateView):
    template_name = "cooperation/about.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Counted once per change to the content; the sources' query (those a public record
        # cites) costs more to build than a kept count does to read.
        context["source_count"], context["figure_count"] = caching.remember(
            "about-counts", (), about_counts, self.request
        )
        return context


def about_counts():
    return Source.objects.public().count(), TradeStatistic.objects.published().count()


class LicenceView(TemplateView):
    """/licence/: what a reader may reuse, and on what terms."""

    template_name = "cooperation/licence.html"


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response["Retry-After"] = "30"
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*?*preview=",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
