"""Template helpers: money and percentages as journalists write them, dates at their precision,
search highlighting and rendered Markdown."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..markdown import render_markdown

register = template.Library()


@register.filter
def usd(value):
    """89400000000 -> "USD 89.4 billion"; 650000000 -> "USD 650 million"."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value)
    for size, unit in ((Decimal(10**9), _("billion")), (Decimal(10**6), _("million"))):
        if abs(amount) >= size:
            scaled = (amount / size).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
            shown = number_format(scaled, decimal_pos=None, use_l10n=True)
            return _("USD %(amount)s %(unit)s") % {"amount": shown, "unit": unit}
    return _("USD %(amount)s") % {"amount": number_format(amount.quantize(Decimal(1)), 0, True)}


@register.filter
def money(value, currency):
    """An amount in its own currency: "CNY 600 million"."""
    if value in (None, ""):
        return "—"
    text = usd(value)
    return text.replace("USD", currency or "", 1) if currency != "USD" else text


@register.filter
def billions(value):
    """A value in USD billions with two decimals, for tables and charts."""
    if value in (None, ""):
        return ""
    rounded = (Decimal(value) / Decimal(10**9)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return number_format(rounded, 2, use_l10n=True)


@register.filter
def signed_pct(value):
    if value in (None, ""):
        return "—"
    amount = Decimal(value).normalize()
    sign = "+" if amount > 0 else ""
    return f"{sign}{number_format(amount, use_l10n=True)}%"


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def highlight(text, query):
    """Escape the text and mark each word of the query in it."""
    text = escape(text or "")
    words = [re.escape(escape(word)) for word in str(query or "").split() if len(word) > 0]
    if not words:
        return mark_safe(text)
    pattern = re.compile("(" + "|".join(words) + ")", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", text))


@register.simple_tag
def query_string(request, **changes):
    """The current query string with some parameters changed or (given None) removed."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def translated_path(context, language_code):
    """This page's path in another language, for hreflang links and the language switcher."""
    return translate_url(context["request"].path, language_code)


@register.simple_tag
def confidence_badge(record):
    if getattr(record, "confidence", "high") == "high":
        return ""
    label = record.get_confidence_display()
    return format_html(
        '<span class="badge badge--{}" title="{}">{}</span>',
        record.confidence,
        _("The sources for this record disagree or are thin."),
        _("%(level)s confidence") % {"level": label},
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def map_labels():
    """Country names at their centroids, so a map without tiles still shows where it is."""
    from ..models import Country, CountryRole

    countries = Country.objects.filter(
        role__in=[CountryRole.CHINA, CountryRole.CENTRAL_ASIA, CountryRole.TRANSIT]
    ).exclude(latitude=None)
    return [
        {"name": country.name, "lat": float(country.latitude), "lng": float(country.longitude)}
        for country in countries
    ]
