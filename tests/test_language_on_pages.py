"""Chinese and Russian pages as a foreign-language news desk would print them: the punctuation,
dates, ordinals and official names of the translation review (issue 22), on the pages it read."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from cooperation import wording
from cooperation.models import DatePrecision, PartialDate, Summit
from cooperation.templatetags.tracker import format_money, format_quantity

pytestmark = pytest.mark.django_db

CJK = r"[\u3400-\u9fff]"
# Western punctuation touching Chinese: "中国, 哈萨克斯坦", "(估算)", "2013年9月7日: 签署协议."
WESTERN_NEXT_TO_CHINESE = re.compile(
    rf"{CJK}[,:;.!?](?=\s|$)|{CJK}[,:;] |{CJK} ?\(|\) ?{CJK}|{CJK} [,:;.]"
)
MONTHS = "Январь|Февраль|Март|Апрель|Май|Июнь|Июль|Август|Сентябрь|Октябрь|Ноябрь|Декабрь"
# A capitalised month after a comma, parenthesis or colon: "(Источник: …, Январь 2026 г.)"
CAPITAL_MONTH_MID_SENTENCE = re.compile(rf"[,(:] (?:{MONTHS}) \d{{4}}")

PAGES = [
    "",
    "projects/",
    "projects/china-kazakhstan-lianyungang-logistics-base/",
    "projects/central-asia-china-gas-pipeline-line-d/",
    "projects/bakhty-ayagoz-railway/",
    "summits/",
    "summits/2023-xian-china-central-asia-summit/",
    "summits/2024-chengdu-china-central-asia-foreign-ministers/",
    "summits/2025-tianjin-sco-summit/",
    "trade/",
    "countries/",
    "countries/kazakhstan/",
    "commitments/",
    "commitments/china-kazakhstan-trade-40bn-by-2030/",
    "commitments/kazakhstan-china-rail-border-capacity-by-2027/",
    "articles/",
    "articles/china-central-asia-cooperation-shows-no-signs-of-slowing/",
    "about/",
]


def text_of(response):
    """What a reader sees: the page without its tags, scripts and head."""
    html = re.sub(r"(?s)<script.*?</script>|<head>.*?</head>", "", response.text)
    html = re.sub(r"</(?:dt|dd|li|p|h[1-6]|th|td|caption)>|<br>", "\n", html)
    return re.sub(r"[ \t]*\n\s*", "\n", strip_tags(html)).replace("&#x27;", "'")


def page(client, language, path):
    response = client.get(f"/{language}/{path}")
    assert response.status_code == 200, path
    return response


# -- Every page the review read ------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_chinese_pages_never_glue_western_punctuation_to_chinese(client, path):
    text = text_of(page(client, "zh-hans", path))
    glued = [
        text[max(0, m.start() - 15) : m.end() + 15] for m in WESTERN_NEXT_TO_CHINESE.finditer(text)
    ]
    assert glued == []
    assert not re.search(r"\d,\d{3}(?:\.\d+)?[亿万]", text), "no thousands separator before 亿/万"
    assert "尚未翻译" not in text


@pytest.mark.parametrize("path", PAGES)
def test_russian_pages_end_dates_once_and_write_months_in_lower_case(client, path):
    text = text_of(page(client, "ru", path))
    assert "г.." not in text
    assert not CAPITAL_MONTH_MID_SENTENCE.search(text)
    assert "-й по счёту" not in text
    assert "ещё не переведено" not in text
    assert "(descending)" not in text and "Updated at" not in text


# -- The review's examples, page by page ------------------------------------------------------


def test_a_chinese_project_page_lists_notes_timelines_and_sources_in_chinese_style(client):
    text = text_of(page(client, "zh-hans", PAGES[2]))
    assert "交通物流 · 中国、哈萨克斯坦" in text
    assert "6亿元人民币（估算）" in text
    assert "2013年9月7日：签署协议。连云港市" in text
    assert "（来源：People's Daily Online，2023年7月24日）" in text
    assert "完工\n2015年" in text
    assert "China Today，“Lianyungang: A maritime and overland channel for China-Kazakhstan" in text
    assert (
        "Kazinform，“5th China-Central Asia Cooperation Forum in Lianyungang”，2017年8月2日。"
        in text
    )
    assert "“中哈（连云港）物流合作基地”。中国—中亚合作追踪平台。http://testserver/zh-hans/" in text
    assert "（访问日期：" in text
    assert "· 中国—中亚合作追踪</title>" in page(client, "zh-hans", PAGES[2]).text


def test_a_russian_project_page_quotes_with_guillemets_and_ends_each_source_once(client):
    text = text_of(page(client, "ru", PAGES[2]))
    assert (
        "Kazinform, «5th China-Central Asia Cooperation Forum in Lianyungang», 2 августа 2017 г.\n"
        in text
    )
    assert "China-Kazakhstan trade», июнь 2017 г.\n" in text
    assert "7 сентября 2013 г. — Подписано соглашение. Соглашение между городом Ляньюньган" in text
    assert "(Источник: China Today, июнь 2017 г.)" in text
    assert "Завершён\n2015 г." in text
    assert (
        "«Китайско-казахстанская логистическая база сотрудничества (Ляньюньган)». Мониторинг"
        in text
    )


def test_summit_pages_number_each_series_as_its_officials_do(client):
    fifth = "summits/2024-chengdu-china-central-asia-foreign-ministers/"
    assert "中国—中亚外长会晤 · 第五次 · 线下" in text_of(page(client, "zh-hans", fifth))
    assert "«Китай — Центральная Азия» · 5-я встреча · Очный формат" in text_of(
        page(client, "ru", fifth)
    )
    assert "China–Central Asia Foreign Ministers' Meeting · 5th meeting" in text_of(
        page(client, "en", fifth)
    )
    sco = "summits/2025-tianjin-sco-summit/"
    assert "上海合作组织成员国元首理事会 · 第二十五次" in text_of(page(client, "zh-hans", sco))
    assert "Совет глав государств — членов ШОС · 25-е заседание" in text_of(page(client, "ru", sco))
    xian = "summits/2023-xian-china-central-asia-summit/"
    assert "中国—中亚峰会 · 首届 · 线下" in text_of(page(client, "zh-hans", xian))
    assert "«Китай — Центральная Азия» · 1-й саммит" in text_of(page(client, "ru", xian))


def test_summit_dates_say_the_shared_month_and_year_once(client):
    fifth = "summits/2024-chengdu-china-central-asia-foreign-ministers/"
    assert "日期\n2024年11月30日至12月1日" in text_of(page(client, "zh-hans", fifth))
    assert "Даты\n30 ноября — 1 декабря 2024 г." in text_of(page(client, "ru", fifth))
    assert "Dates\n30 November – 1 December 2024" in text_of(page(client, "en", fifth))
    listing = text_of(page(client, "zh-hans", "summits/"))
    assert "2024年11月30日至12月1日 · 成都（中国） · 部长级会议" in listing
    assert "2023年5月18日至19日 · 西安（中国）" in listing


def test_countries_are_listed_in_the_order_of_chinas_official_texts(client):
    text = text_of(page(client, "zh-hans", "summits/2023-xian-china-central-asia-summit/"))
    assert "参与方\n中国、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦、土库曼斯坦、乌兹别克斯坦" in text
    assert "签署方：中国、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦、土库曼斯坦、乌兹别克斯坦" in text


def test_a_commitment_reads_as_a_desk_would_write_it(client):
    path = "commitments/china-kazakhstan-trade-40bn-by-2030/"
    chinese = text_of(page(client, "zh-hans", path))
    assert "2023年5月17日，卡瑟姆-若马尔特·托卡耶夫总统（与习近平会谈时提出）" in chinese
    assert "2023年5月17日，即首届中国—中亚峰会在西安开幕前一天" in chinese  # the background
    assert "期限\n2030年" in chinese
    assert "取代：中哈双边贸易额到2030年达到350亿美元" in chinese
    russian = text_of(page(client, "ru", path))
    assert "17 мая 2023 г., президент Касым-Жомарт Токаев" in russian
    assert "Президент Касым-Жомарт Токаев предложил эту цель на переговорах" in russian
    assert "Заменено обязательством:" in russian
    assert "Другие обязательства по тому же вопросу" in russian
    assert re.search(r"\nЯнварь 2026 г\. — По данным китайской таможни", russian)
    assert "Источник: The Caspian Post (citing Xinhua and GACC data), январь 2026 г.)" in russian


def test_a_commitment_target_is_counted_in_the_readers_units(client):
    path = "commitments/kazakhstan-china-rail-border-capacity-by-2027/"
    assert "目标\n每年4800万吨" in text_of(page(client, "zh-hans", path))
    assert "Цель\n48 млн т в год" in text_of(page(client, "ru", path))
    assert "Target\n48 million t a year" in text_of(page(client, "en", path))
    chinese = text_of(page(client, "zh-hans", path))
    assert "巴克特" in chinese and "巴赫特" not in chinese


def test_the_commitment_list_heads_its_column_with_the_sections_term(client):
    assert "Обязательство" in text_of(page(client, "ru", "commitments/"))
    assert "Обещание" not in text_of(page(client, "ru", "commitments/"))
    assert "中国、哈萨克斯坦" in text_of(page(client, "zh-hans", "commitments/"))


def test_the_article_is_read_in_full_in_each_language(client):
    path = "articles/china-central-asia-cooperation-shows-no-signs-of-slowing/"
    chinese = text_of(page(client, "zh-hans", path))
    assert "中国—中亚合作势头不减" in chinese
    assert "评论：文中观点仅代表作者本人。本站转载此文，系因文中援引的事实具有参考价值。" in chinese
    assert "《中国—中亚峰会西安宣言》，宣言指出" in chinese
    russian = text_of(page(client, "ru", path))
    assert "Нагляднее всего это видно по трём десятилетиям сотрудничества" in russian


def test_the_russian_interface_says_belt_and_road_as_the_content_does(client):
    about = text_of(page(client, "ru", "about/"))
    assert "Один пояс, один путь" not in about
    assert "инициативы «Пояс и путь»" in about
    assert "саммиты «Китай — Центральная Азия» и встречи министров иностранных дел" in about
    assert "Одни и те же торговые операции учитываются дважды" in about
    overview = text_of(page(client, "ru", ""))
    assert "Проекты инициативы «Пояс и путь», саммиты и торговля" in overview


def test_the_chinese_overview_cites_its_headline_in_chinese_punctuation(client):
    text = text_of(page(client, "zh-hans", ""))
    assert re.search(r"报告方：[^\n]+。来源：", text)
    assert "伙伴方自身公布的数据往往较低，详见“贸易”栏目。" in text
    assert (
        "中国与哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦、土库曼斯坦和乌兹别克斯坦合作情况的公开记录，每项数据均注明来源。"
        in text
    )


def test_a_country_page_labels_its_strategy_and_hosting_in_each_language(client):
    russian = text_of(page(client, "ru", "countries/kazakhstan/"))
    assert "Принятие: " in russian and "Принята:" not in russian
    assert re.search(
        r"Участие в саммитах\n\d+ \(в т\. ч\. \d+ в роли принимающей стороны\)", russian
    )
    chinese = text_of(page(client, "zh-hans", "countries/kazakhstan/"))
    assert re.search(r"出席的峰会\n\d+（主办\d+次）", chinese)


def test_chinese_trade_tables_count_in_yi_of_dollars(client):
    response = page(client, "zh-hans", "trade/")
    assert "进出口总额（中方数据，亿美元）" in response.text
    figure = next(f for row in response.context["table"] for f in row[1] if f)
    yi = (figure.value_usd / Decimal(10**8)).quantize(Decimal("0.1"))
    assert f">{yi}</a>" in response.text
    assert "十亿美元" not in response.text


def test_the_sort_choices_read_in_the_language(client):
    chinese = page(client, "zh-hans", "projects/").text
    assert "最近更新的在前" in chinese
    assert "Недавно обновлённые" in page(client, "ru", "projects/").text


# -- The helpers themselves ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["2015", "May 2014", "18 May 2023"]),
        ("zh-hans", ["2015年", "2014年5月", "2023年5月18日"]),
        ("ru", ["2015 г.", "май 2014 г.", "18 мая 2023 г."]),
    ],
)
def test_partial_dates_read_at_their_precision_in_each_language(language, expected):
    dates = [
        PartialDate(datetime.date(2015, 1, 1), DatePrecision.YEAR),
        PartialDate(datetime.date(2014, 5, 1), DatePrecision.MONTH),
        PartialDate(datetime.date(2023, 5, 18), DatePrecision.DAY),
    ]
    with translation.override(language):
        assert [date.display() for date in dates] == expected


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", (2023, 5, 18), (2023, 5, 19), "18–19 May 2023"),
        ("zh-hans", (2023, 5, 18), (2023, 5, 19), "2023年5月18日至19日"),
        ("ru", (2023, 5, 18), (2023, 5, 19), "18–19 мая 2023 г."),
        ("zh-hans", (2024, 11, 30), (2024, 12, 1), "2024年11月30日至12月1日"),
        ("ru", (2024, 11, 30), (2024, 12, 1), "30 ноября — 1 декабря 2024 г."),
        ("ru", (2024, 12, 31), (2025, 1, 2), "31 декабря 2024 г. — 2 января 2025 г."),
        ("zh-hans", (2024, 12, 31), (2025, 1, 2), "2024年12月31日至2025年1月2日"),
        ("en", (2024, 7, 4), (2024, 7, 4), "4 July 2024"),
    ],
)
def test_date_ranges_share_what_they_share(language, start, end, expected):
    with translation.override(language):
        assert wording.date_range(datetime.date(*start), datetime.date(*end)) == expected


@pytest.mark.parametrize(
    ("language", "number", "noun", "expected"),
    [
        ("zh-hans", 5, "meeting", "第五次"),
        ("zh-hans", 25, "session", "第二十五次"),
        ("zh-hans", 2, "summit", "第二届"),
        ("zh-hans", 1, "summit", "首届"),
        ("zh-hans", 110, "meeting", "第一百一十次"),
        ("zh-hans", 105, "meeting", "第一百零五次"),
        ("ru", 5, "meeting", "5-я встреча"),
        ("ru", 25, "session", "25-е заседание"),
        ("ru", 2, "summit", "2-й саммит"),
        ("en", 1, "summit", "1st summit"),
        ("en", 12, "meeting", "12th meeting"),
        ("en", 23, "session", "23rd meeting"),
    ],
)
def test_editions_take_the_ordinal_of_the_language(language, number, noun, expected):
    with translation.override(language):
        assert wording.edition(number, noun) == expected


def test_quotations_inside_quotations_take_the_second_level():
    with translation.override("ru"):
        assert wording.quoted("Газопровод «Центральная Азия — Китай»") == (
            "«Газопровод „Центральная Азия — Китай“»"
        )
    with translation.override("zh-hans"):
        assert wording.quoted("共建“一带一路”") == "“共建‘一带一路’”"


def test_a_sentence_is_never_ended_twice():
    with translation.override("ru"):
        assert wording.end_sentence("17 апреля 2015 г.") == "17 апреля 2015 г."
        assert wording.end_sentence("Источник") == "Источник."
    with translation.override("zh-hans"):
        assert wording.end_sentence("签署协议") == "签署协议。"
        assert wording.label("来源：") == "来源："
    with translation.override("en"):
        assert wording.label("Source:") == "Source: "


@pytest.mark.parametrize(
    ("language", "money", "quantity"),
    [
        ("zh-hans", "1063亿美元", "每年54万标准箱"),
        ("ru", "106,3 млрд долларов США", "540 тыс. ДФЭ в год"),
        ("en", "USD 106.3 billion", "540,000 TEU a year"),
    ],
)
def test_money_and_quantities_are_counted_as_the_language_counts(language, money, quantity):
    with translation.override(language):
        assert format_money(Decimal("106300000000")) == money
        assert format_quantity(Decimal("540000"), "TEU/year") == quantity


def test_russian_counts_agree_with_their_number():
    with translation.override("ru"):
        assert format_quantity(Decimal("21"), "scholarships") == "21 стипендия"
        assert format_quantity(Decimal("3"), "scholarships") == "3 стипендии"
        assert format_quantity(Decimal("600"), "scholarships") == "600 стипендий"
        assert format_quantity(Decimal("3000"), "training places") == "3000 мест для обучения"


def test_the_seed_names_each_series_edition_noun():
    nouns = dict(
        Summit.objects.exclude(series=None).values_list("series__slug", "series__edition_noun")
    )
    assert nouns == {
        "china-central-asia-summit": "summit",
        "china-central-asia-foreign-ministers": "meeting",
        "sco-heads-of-state": "session",
    }
