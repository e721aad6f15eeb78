"""/countries/ and /countries/<slug>/: a profile of each country."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from ..models import (
    COUNTRY_ORDERING,
    Country,
    CountryRole,
    Strategy,
)
from ..selectors import country_cards, country_profile
from .base import KeptContentMixin

ROLE_ORDER = [CountryRole.CENTRAL_ASIA, CountryRole.CHINA, CountryRole.TRANSIT, CountryRole.REGION]


class CountryListView(KeptContentMixin, ListView):
    template_name = "cooperation/country_list.html"
    content_template_name = "cooperation/content/country_list.html"

    def get_queryset(self):
        return (
            Country.objects.filter(role__in=ROLE_ORDER)
            .with_project_counts()
            .prefetch_related(
                Prefetch("strategies", queryset=Strategy.objects.filter(is_current=True))
            )
            .order_by(*COUNTRY_ORDERING)
        )

    def get_content_data(self, context):
        countries = country_cards(context["object_list"])
        context["groups"] = [
            (role.label, [c for c in countries if c.role == role]) for role in ROLE_ORDER
        ]
        return context


class CountryDetailView(KeptContentMixin, DetailView):
    model = Country
    template_name = "cooperation/country_detail.html"
    content_template_name = "cooperation/content/country_detail.html"

    def get_queryset(self):
        return Country.objects.prefetch_related(
            Prefetch("strategies", queryset=Strategy.objects.prefetch_related("sources")),
            "members",
        )

    def get_content_data(self, context):
        context.update(country_profile(self.object, self.request))
        return context
