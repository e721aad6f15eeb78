"""Public pages. Every queryset starts from published(): drafts are the editors' alone."""

from django.views.generic import TemplateView

from .models import Article, Country, Organization, Project, Source, Summit, TradeStatistic


class HomeView(TemplateView):
    """What the database holds, counted from it, until the full overview replaces this page."""

    template_name = "cooperation/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = [
            (Project._meta.verbose_name_plural, Project.objects.published().count()),
            (Summit._meta.verbose_name_plural, Summit.objects.published().count()),
            (TradeStatistic._meta.verbose_name_plural, TradeStatistic.objects.published().count()),
            (Article._meta.verbose_name_plural, Article.objects.published().count()),
            (Country._meta.verbose_name_plural, Country.objects.count()),
            (Organization._meta.verbose_name_plural, Organization.objects.count()),
            (Source._meta.verbose_name_plural, Source.objects.count()),
        ]
        return context
