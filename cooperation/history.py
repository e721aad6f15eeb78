"""Change history as people read it: each field once, named in words (a translation by its
language, "Summary (Russian)"), values in full, and long text as a word diff."""

import difflib
import re

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.translator import NotRegistered, translator

WORDS = re.compile(r"\s+|\w+|[^\w\s]")
# History's reason column holds 100 characters.
REASON_LENGTH = 100


def reason(text):
    text = " ".join(str(text).split())
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def mirrored_fields(model):
    """Translated fields' own columns (`summary`), which repeat the English one (`summary_en`)."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def field_label(model, name):
    field = model._meta.get_field(name)
    original = getattr(field, "translated_field", None)
    if original is None:
        return capfirst(field.verbose_name)
    language = get_language_info(field.language)["name_translated"]
    return format_html("{} ({})", capfirst(original.verbose_name), language)


def word_diff(old, new):
    """(old, new) as HTML: the words removed struck through in the old, those added marked in
    the new; everything else as it was, in full."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    old_html, new_html = [], []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(before[i1:i2])), escape("".join(after[j1:j2]))
        if tag == "equal":
            old_html.append(removed)
            new_html.append(added)
            continue
        if removed:
            old_html.append(f"<del>{removed}</del>")
        if added:
            new_html.append(f"<ins>{added}</ins>")
    # Every piece was escaped above.
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


def readable_pair(old, new):
    """Two values of a field as HTML to show side by side: a word diff when both hold text,
    "∅" for an empty one."""
    old = "" if old is None else str(old)
    new = "" if new is None else str(new)
    if old and new:
        return word_diff(old, new)
    return conditional_escape(old or "∅"), conditional_escape(new or "∅")
