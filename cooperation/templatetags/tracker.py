"""Template helpers: money and percentages as journalists write them, dates at their precision,
punctuation in the page's language, search highlighting and rendered Markdown."""

import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import unquote

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.formats import number_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from .. import wording
from ..markdown import render_markdown
from .rows import kept, keptrows

register = template.Library()
register.tag("keptrows", keptrows)
register.tag("kept", kept)


def scaled(amount, size):
    """The amount in units of `size`, to two decimals at most, in the active locale."""
    value = (amount / Decimal(size)).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    return number_format(
        value, decimal_pos=None, use_l10n=True, force_grouping=wording.groups_large_numbers()
    )


# Chinese counts large sums in 亿 (10^8) and 万 (10^4); English and Russian in billions and
# millions. Each entry: (size, template with %(amount)s and %(currency)s).
LARGE_UNITS = {
    "zh-hans": [(10**8, "%(amount)s亿%(currency)s"), (10**4, "%(amount)s万%(currency)s")],
    "ru": [(10**9, "%(amount)s млрд %(currency)s"), (10**6, "%(amount)s млн %(currency)s")],
    "en": [(10**9, "%(currency)s %(amount)s billion"), (10**6, "%(currency)s %(amount)s million")],
}
CURRENCY_NAMES = {
    "zh-hans": {"USD": "美元", "CNY": "元人民币", "EUR": "欧元", "KZT": "坚戈"},
    "ru": {"USD": "долларов США", "CNY": "юаней", "EUR": "евро", "KZT": "тенге"},
}
PLAIN = {"zh-hans": "%(amount)s%(currency)s", "ru": "%(amount)s %(currency)s"}


def format_money(value, currency="USD"):
    """89400000000 USD -> "USD 89.4 billion", "894亿美元", "89,4 млрд долларов США"."""
    if value in (None, ""):
        return "—"
    language = get_language() or "en"
    language = language if language in LARGE_UNITS else "en"
    amount = Decimal(value)
    name = CURRENCY_NAMES.get(language, {}).get(currency, currency)
    for size, pattern in LARGE_UNITS[language]:
        if abs(amount) >= size:
            return pattern % {"amount": scaled(amount, size), "currency": name}
    whole = number_format(amount.quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True)
    return PLAIN.get(language, "%(currency)s %(amount)s") % {"amount": whole, "currency": name}


# Targets counted in things: the number scaled as money is (million, 万, млн), the unit named in
# the reader's language. Each unit: (how many base units it stands for, {language: pattern}),
# where a Russian pattern names the three plural forms. A unit not listed shows as typed.
QUANTITIES = {
    "%": (1, {"en": "{n}%", "zh-hans": "{n}%", "ru": "{n}%"}),
    "t": (1, {"en": "{n} t", "zh-hans": "{n}吨", "ru": "{n} т"}),
    "t/year": (1, {"en": "{n} t a year", "zh-hans": "每年{n}吨", "ru": "{n} т в год"}),
    "bcm/year": (
        10**9,
        {"en": "{n} m³ a year", "zh-hans": "每年{n}立方米", "ru": "{n} куб. м в год"},
    ),
    "kWh/year": (1, {"en": "{n} kWh a year", "zh-hans": "每年{n}千瓦时", "ru": "{n} кВт·ч в год"}),
    "TEU/year": (1, {"en": "{n} TEU a year", "zh-hans": "每年{n}标准箱", "ru": "{n} ДФЭ в год"}),
    "vehicles/year": (
        1,
        {
            "en": "{n} vehicles a year",
            "zh-hans": "每年{n}辆",
            "ru": ("{n} автомобиль в год", "{n} автомобиля в год", "{n} автомобилей в год"),
        },
    ),
    "training places": (
        1,
        {
            "en": "{n} training places",
            "zh-hans": "{n}个培训名额",
            "ru": ("{n} место для обучения", "{n} места для обучения", "{n} мест для обучения"),
        },
    ),
    "scholarships": (
        1,
        {
            "en": "{n} scholarships",
            "zh-hans": "{n}个奖学金名额",
            "ru": ("{n} стипендия", "{n} стипендии", "{n} стипендий"),
        },
    ),
}
# (from, in units of, pattern): Russian counts tens of thousands in "тыс.".
QUANTITY_SCALES = {
    "zh-hans": [(10**8, 10**8, "{n}亿"), (10**4, 10**4, "{n}万")],
    "ru": [(10**9, 10**9, "{n} млрд"), (10**6, 10**6, "{n} млн"), (10**4, 10**3, "{n} тыс.")],
    "en": [(10**9, 10**9, "{n} billion"), (10**6, 10**6, "{n} million")],
}


def russian_plural(number, forms):
    """One of three forms, as Russian agrees a noun with a whole number."""
    if number % 10 == 1 and number % 100 != 11:
        return forms[0]
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return forms[1]
    return forms[2]


def format_quantity(value, unit):
    """48000000 t/year -> "48 million t a year", "每年4800万吨", "48 млн т в год"."""
    if value in (None, ""):
        return "—"
    amount = Decimal(value)
    if unit not in QUANTITIES:
        shown = number_format(amount.normalize(), use_l10n=True, force_grouping=True)
        return f"{shown} {unit}".strip()
    size, patterns = QUANTITIES[unit]
    amount *= size
    language = wording.language()
    pattern = patterns[language]
    for threshold, size, scaled_pattern in QUANTITY_SCALES[language]:
        if abs(amount) >= threshold:
            number = scaled_pattern.format(n=scaled(amount, size))
            if isinstance(pattern, tuple):
                pattern = pattern[2]  # after тыс., млн, млрд: the genitive plural
            return pattern.format(n=number)
    whole = amount.quantize(Decimal("0.01")).normalize()
    grouped = language == "en"  # 3,000; but 3000个, 3000 мест
    number = number_format(whole, use_l10n=True, force_grouping=grouped)
    if isinstance(pattern, tuple):
        pattern = russian_plural(int(whole), pattern) if whole == int(whole) else pattern[1]
    return pattern.format(n=number)


@register.filter
def quantity(value, unit):
    return format_quantity(value, unit)


@register.filter
def usd(value):
    return format_money(value, "USD")


@register.filter
def figure_value(figure):
    """A trade figure's value with its qualifier: "over USD 10 billion"."""
    if figure is None:
        return ""
    text = format_money(figure.value_usd, "USD")
    return wording.qualified(text, getattr(figure, "value_qualifier", "exact"))


@register.filter
def figure_billions(figure):
    """A trade figure in the tables' unit, marked when it is a bound or approximate: "≥10.00"."""
    if figure is None:
        return ""
    marks = {"about": "≈", "at_least": "≥", "at_most": "≤"}
    return marks.get(getattr(figure, "value_qualifier", "exact"), "") + billions(figure.value_usd)


@register.simple_tag(takes_context=True)
def figure_cell(context, figure):
    """A figure in a table: its value linked to its own page, its marks, and the number of its
    source among the page's footnotes. A tag, not an include: a table has hundreds of cells."""
    numbers = getattr(context.get("footnotes"), "numbers", None)
    number = numbers.get(figure.source_id) if numbers else None
    cell = format_html(
        '<a class="figure-link" href="{}">{}</a>',
        reverse("trade-figure", args=[figure.pk]),
        figure_billions(figure),
    )
    if figure.is_computed:
        # As {% translate %} writes it: the catalogue's text, unescaped.
        title = mark_safe(_("Computed from the reporter's exports and imports"))
        cell += format_html('<sup title="{}">Σ</sup>', title)
    if figure.confidence != "high":
        cell += mark_safe('<span class="low-confidence">*</span>')
    if number:
        cell += format_html(
            '<sup class="footnote-ref"><a href="#source-{}">{}<span class="visually-hidden"> {}'
            "</span></a></sup>",
            number,
            number,
            mark_safe(_("(source)")),
        )
    return cell


@register.filter
def money(value, currency):
    """An amount in its own currency: "CNY 600 million"."""
    return format_money(value, currency or "USD")


@register.filter
def billions(value):
    """A USD value in the trade tables' unit: billions with two decimals (48.60), or in Chinese
    亿 with one (486.0)."""
    if value in (None, ""):
        return ""
    size, decimals = wording.table_unit()
    return table_figure(Decimal(value) / Decimal(size), decimals)


@register.filter
def table_figure(value, decimals=None):
    """A value already in the trade tables' unit (a chart's data), rounded as the tables are."""
    if value in (None, ""):
        return ""
    if decimals is None:
        decimals = wording.table_unit()[1]
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(step, ROUND_HALF_UP)
    return number_format(rounded, decimals, use_l10n=True)


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
def query_string(params, **changes):
    """A query string (a QueryDict: a list's own parameters) with some parameters changed or
    (given None) removed."""
    params = params.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def translated_path(context, language_code):
    """This page's path in another language, for hreflang links and the language switcher:
    worked out once a page for every language (a page asks seven times), from the match the
    request was routed by rather than by routing the path again."""
    request = context["request"]
    paths = getattr(request, "translated_paths", None)
    if paths is None:
        paths = request.translated_paths = _translated_paths(request)
    return paths.get(language_code) or translate_url(request.path, language_code)


def _translated_paths(request):
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:  # an error page, say: as translate_url does it
        return {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    paths = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                paths[code] = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                paths[code] = request.path
    if paths.get(get_language()) != request.path:
        # A request whose route is not the path's (a page rendered for another, as the
        # admin's preview does): route the path itself.
        return {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    return paths


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


def own_translation_missing(record, field):
    """True when the page's language has no text of its own for this field."""
    language = (get_language() or "en").replace("-", "_")
    if language == "en":
        return False
    own = getattr(record, f"{field}_{language}", None)
    return not own and bool(getattr(record, field, None))


@register.simple_tag
def tr(record, field, markdown=False):
    """A translated field in the page's language, or the English text marked as such."""
    value = getattr(record, field, "") or ""
    rendered = render_markdown(value) if markdown else value
    if not own_translation_missing(record, field):
        return rendered
    return format_html(
        '<span lang="en">{}</span> <span class="untranslated">{}</span>',
        rendered,
        _("(not yet translated)"),
    )


# Punctuation around translated words, in the page's language (cooperation/wording.py): never
# ", " or " (" typed into a template next to a translated word.


@register.simple_tag
def sep():
    """Between the items of a list: ", " / "、"."""
    return wording.list_separator()


@register.simple_tag
def comma():
    """Between the parts of a phrase (a title, its place, its date): ", " / "，"."""
    return wording.comma()


@register.simple_tag
def colon():
    """Between a label and its value: ": " / "："."""
    return wording.colon()


@register.filter
def label(text):
    """A translated label ending in a colon, followed by a space unless its colon is full-width:
    {{ _("Source:")|label }}."""
    return wording.label(text)


@register.filter
def names(records):
    """Names joined as a list in the page's language, escaped."""
    return wording.join(escape(record) for record in records)


@register.filter
def path_words(path):
    """The words of an address's last part, to search for when it leads nowhere:
    /en/projects/khorgos-gateway/ gives "khorgos gateway"."""
    languages = {code for code, _name in settings.LANGUAGES}
    parts = [part for part in str(path).split("/") if part and part not in languages]
    words = re.sub(r"[\s_+.-]+", " ", unquote(parts[-1])).strip() if parts else ""
    return words[:100] if re.search(r"[^\W\d_]", words) else ""


@register.simple_tag
def date_range(start, end):
    return wording.date_range(start, end)


@register.filter
def edition(summit):
    """ "5th meeting" / "第五次" / "5-я встреча" for a meeting numbered in its series."""
    if not summit.edition:
        return ""
    noun = summit.series.edition_noun if summit.series_id else "meeting"
    return wording.edition(summit.edition, noun)


PLACEHOLDER = "\x00"


class PunctuatedNode(template.Node):
    """Renders its content, then puts it in a pattern whose marks are escaped and whose
    content, already rendered HTML, is not."""

    def __init__(self, nodelist, shape, date=None):
        self.nodelist, self.shape, self.date = nodelist, shape, date

    def render(self, context):
        content = self.nodelist.render(context).strip()
        if self.shape == "sentence":
            ended = wording.end_sentence(content)
            space = "" if ended[-1:] in wording.FULL_WIDTH else " "
            return mark_safe(ended + space)
        if self.shape == "dated":
            date = self.date.resolve(context)
            shown = format_html("<strong>{}</strong>", wording.upper_first(str(date or "")))
            shell = conditional_escape(wording.dated(PLACEHOLDER + "1", PLACEHOLDER + "2"))
            return mark_safe(
                shell.replace(PLACEHOLDER + "1", shown).replace(PLACEHOLDER + "2", content)
            )
        if self.shape == "quoted":
            content = wording.inner_quotes(content)
        shell = conditional_escape(SHAPES[self.shape](PLACEHOLDER))
        return mark_safe(shell.replace(PLACEHOLDER, content))


SHAPES = {"parenthesis": wording.parenthesis, "quoted": wording.quoted}


def punctuation_tag(name):
    def compile_tag(parser, token):
        bits = token.split_contents()
        date = parser.compile_filter(bits[1]) if name == "dated" and len(bits) == 2 else None
        if (name == "dated") != (date is not None) or len(bits) > 2:
            raise template.TemplateSyntaxError(
                f"{{% {name} %}} takes {'one' if name == 'dated' else 'no'} argument"
            )
        nodelist = parser.parse((f"end{name}",))
        parser.delete_first_token()
        return PunctuatedNode(nodelist, name, date)

    register.tag(name, compile_tag)


# {% parenthesis %}…{% endparenthesis %}: " (…)" / "（…）"; {% quoted %}: “…” / «…»;
# {% sentence %}: one full stop, then a space where the language puts one between sentences;
# {% dated date %}: "<strong>18 May 2023</strong>: …" / "…：…" / "… — …".
for _name in ("parenthesis", "quoted", "sentence", "dated"):
    punctuation_tag(_name)


NOT_FILTERS = {"ordering", "page", "format"}


@register.filter
def active_filter_count(filterset):
    """How many filters the visitor has set: the number on the phone's "Filters (n)" button."""
    data = filterset.form.data
    return sum(
        1
        for name in filterset.form.fields
        if name not in NOT_FILTERS and any(value.strip() for value in data.getlist(name, []))
    )
