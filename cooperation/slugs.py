"""Slugs from titles in any of the site's languages: transliterated to Latin letters (Cyrillic
as Russian is romanized, Chinese as pinyin, one syllable per character), every run of
punctuation or space one hyphen: "China–Uzbekistan Forum" → china-uzbekistan-forum."""

import re
import unicodedata

from anyascii import anyascii

SEPARATORS = re.compile(r"[^a-z0-9]+")


def _is_han(character):
    return unicodedata.name(character, "").startswith("CJK UNIFIED IDEOGRAPH")


def make_slug(text, max_length=200):
    spaced = "".join(f" {anyascii(c)} " if _is_han(c) else c for c in str(text))
    slug = SEPARATORS.sub("-", anyascii(spaced).lower().replace("'", "")).strip("-")
    return slug[:max_length].rstrip("-")
