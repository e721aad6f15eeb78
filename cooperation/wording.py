"""Text assembled around translated words, in the reader's language.

Chinese takes full-width marks and no spaces around them (中国、哈萨克斯坦；6亿元人民币（估算）；
“…”。), Russian its quotation marks «…», genitive months and lower-case month names, English the
usual. The marks are catalogue entries (msgctxt "punctuation: …"), so the translators own them;
what gettext cannot say (Chinese numerals, Russian gender, the order of a date range) is here,
one table per language, as for money in the template tags.
"""

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext

# A full-width mark carries its own spacing: nothing follows it.
FULL_WIDTH = "，、。：；！？（）《》「」"
SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？")


def language():
    code = (get_language() or "en").lower()
    return code if code in ("zh-hans", "ru") else "en"


def list_separator():
    return pgettext("punctuation: between the items of a list", ", ")


def join(items):
    """Names as a list: China, Kazakhstan / 中国、哈萨克斯坦."""
    return list_separator().join(str(item) for item in items)


def comma():
    return pgettext("punctuation: between the parts of a phrase", ", ")


def colon():
    return pgettext("punctuation: between a label and its value", ": ")


def parenthesis(note):
    """A note after the text before it: " (estimate)" / "（估算）"."""
    return pgettext("punctuation: a note after a text", " (%(note)s)") % {"note": note}


# Quotation marks inside a quotation take the second level: «… „…“ …» / “… ‘…’ …”.
INNER_QUOTES = {
    "ru": str.maketrans({"«": "„", "»": "“"}),
    "zh-hans": str.maketrans({"“": "‘", "”": "’"}),
    "en": str.maketrans({"“": "‘", "”": "’"}),
}


def inner_quotes(text):
    return str(text).translate(INNER_QUOTES[language()])


def quoted(text):
    """A quoted title: “…” / «…», with the quotation marks inside it turned to the second
    level."""
    return pgettext("punctuation: a quoted title", "“%(text)s”") % {"text": inner_quotes(text)}


def dated(date, text):
    """An entry of a timeline: "18 May 2023: …" / "2023年5月18日：…" / "18 мая 2023 г. — …"."""
    return pgettext("punctuation: a dated entry of a timeline", "%(date)s: %(text)s") % {
        "date": date,
        "text": text,
    }


def label(text):
    """A label ending in a colon, ready for its value: "Source: " / "来源："."""
    text = str(text)
    return text if text[-1:] in FULL_WIDTH else f"{text} "


def end_sentence(text):
    """The text with one full stop: never "г.." in Russian, "。" in Chinese."""
    text = str(text).rstrip()
    if not text or text.endswith(SENTENCE_ENDS):
        return text
    return text + pgettext("punctuation: the end of a sentence", ".")


def lower_first(text):
    return text[:1].lower() + text[1:]


def upper_first(text):
    return text[:1].upper() + text[1:]


def year_text(year):
    """A year on its own: "2015" / "2015年" / "2015 г."."""
    return pgettext("a year on its own", "%(year)s") % {"year": year}


def month_text(date):
    """A month on its own: "May 2014" / "2014年5月" / "май 2014 г." (Russian months are common
    nouns: lower case wherever they stand)."""
    text = date_format(date, "YEAR_MONTH_FORMAT")
    return lower_first(text) if language() == "ru" else text


def day_text(date):
    return date_format(date, "DATE_FORMAT")


def date_range(start, end):
    """Two dates sharing what they share: "30 November – 1 December 2024",
    "2024年11月30日至12月1日", "30 ноября — 1 декабря 2024 г."."""
    if end is None or end == start:
        return day_text(start)
    if language() == "zh-hans":
        if start.year != end.year:
            tail = day_text(end)
        elif start.month != end.month:
            tail = date_format(end, "MONTH_DAY_FORMAT")
        else:
            tail = f"{end.day}日"
        return f"{day_text(start)}至{tail}"
    if start.year != end.year:
        head = day_text(start)
    elif start.month != end.month:
        head = date_format(start, "MONTH_DAY_FORMAT")
    else:
        return f"{start.day}–{day_text(end)}"  # digits only: an en dash, no spaces
    dash = " — " if language() == "ru" else " – "
    return f"{head}{dash}{day_text(end)}"


# The ordinal of a meeting in a series. Chinese numbers it in Chinese numerals with 届 for the
# China–Central Asia Summit and 次 for the rest (第二届, 第五次, 第二十五次); Russian agrees the
# ending with the noun's gender (2-й саммит, 5-я встреча, 25-е заседание).
EDITION_PATTERNS = {
    "en": {
        "summit": "{ordinal} summit",
        "meeting": "{ordinal} meeting",
        "session": "{ordinal} meeting",
    },
    "zh-hans": {"summit": "第{chinese}届", "meeting": "第{chinese}次", "session": "第{chinese}次"},
    "ru": {
        "summit": "{number}-й саммит",
        "meeting": "{number}-я встреча",
        "session": "{number}-е заседание",
    },
}
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(number):
    """1 -> 一, 10 -> 十, 25 -> 二十五, 100 -> 一百 (editions stay well below a thousand)."""
    if number < 10:
        return CHINESE_DIGITS[number]
    if number < 20:
        return "十" + (CHINESE_DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        tens, units = divmod(number, 10)
        return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[units] if units else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        return CHINESE_DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = chinese_number(rest) if rest >= 20 or rest < 10 else "一" + chinese_number(rest)
    return CHINESE_DIGITS[hundreds] + "百" + middle + tail


def english_ordinal(number):
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def edition(number, noun="meeting"):
    """The 5th meeting of a series: "5th meeting" / "第五次" / "5-я встреча"."""
    if number == 1 and noun == "summit" and language() == "zh-hans":
        return "首届"  # the first summit of a series, as 首届中国—中亚峰会
    patterns = EDITION_PATTERNS[language()]
    pattern = patterns.get(noun, patterns["meeting"])
    return pattern.format(
        number=number, ordinal=english_ordinal(number), chinese=chinese_number(number)
    )


# Trade tables and charts count in one unit per language: USD billions in English and Russian,
# 亿美元 in Chinese (948.2亿美元, as China's customs and Xinhua print it, not 94.82十亿美元). The
# catalogues name the unit ("USD billions" is "亿美元" in Chinese): the two must agree.
TABLE_UNITS = {"zh-hans": (10**8, 1)}
DEFAULT_TABLE_UNIT = (10**9, 2)


def table_unit():
    """(USD per unit, decimal places) for trade tables and charts in the active language."""
    return TABLE_UNITS.get(language(), DEFAULT_TABLE_UNIT)


def groups_large_numbers():
    """Chinese writes the figure before 亿 and 万 ungrouped: 1063亿美元, 3500万美元."""
    return language() != "zh-hans"


def qualified(text, qualifier):
    """A value as the reporter worded it: "over USD 10 billion", "about USD 4.3 billion"."""
    patterns = {
        "about": gettext("about %(value)s"),
        "at_least": gettext("over %(value)s"),
        "at_most": gettext("under %(value)s"),
    }
    pattern = patterns.get(qualifier)
    return pattern % {"value": text} if pattern else text
