"""Numbers as editors type them in spreadsheets: "1,234.5", "89.4 bn", "350 mn", "1 234".

A value that cannot be read is refused with a message; it never becomes a silent zero.
"""

import re
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {
    "": 1,
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "bln": 10**9,
    "billion": 10**9,
}
_NUMBER = re.compile(
    r"^(?P<sign>[-+−]?)\s*(?:usd|us\$|\$)?\s*(?P<digits>[\d.,'\s\u00a0\u202f]*\d(?:\.\d+)?)\s*"
    r"(?P<unit>[a-z]*)\.?$"
)

# Plain digits, or thousands in groups of three; then an optional decimal part.
_DIGITS = re.compile(r"^(?:\d+|\d{1,3}(?:[,'\s\u00a0\u202f]\d{3})+)(?:\.\d+)?$")


def parse_amount(text):
    """A Decimal from an amount as written, or ValueError with a readable message.

    Commas, spaces and apostrophes are thousands separators; "." is the decimal point;
    "bn"/"billion", "mn"/"million" and "k" multiply.
    """
    if isinstance(text, bool):  # a TRUE/FALSE spreadsheet cell; Python counts it an int
        raise ValueError(f"“{text}” is not a number. Write it like 1234.5, 1,234.5 or 89.4 bn.")
    if isinstance(text, int | float | Decimal):
        # str() of a float gives the digits the spreadsheet showed; str() of a huge int fails.
        value = Decimal(text) if isinstance(text, int) else Decimal(str(text))
        if not value.is_finite():
            raise ValueError(f"“{text}” is not a number.")
        return value
    raw = str(text).strip()
    if not raw:
        raise ValueError("The value is empty.")
    match = _NUMBER.match(raw.lower())
    if not match:
        raise ValueError(f"“{raw}” is not a number. Write it like 1234.5, 1,234.5 or 89.4 bn.")
    unit = match["unit"]
    if unit not in MULTIPLIERS:
        raise ValueError(f"“{raw}”: unknown unit “{unit}”. Use bn, mn or k, or no unit.")
    if not _DIGITS.match(match["digits"]):
        raise ValueError(
            f"“{raw}” is ambiguous: use a point for decimals and commas or spaces only "
            "between groups of three digits, like 1,234.5."
        )
    digits = re.sub(r"[,'\s\u00a0\u202f]", "", match["digits"])
    try:
        value = Decimal(digits) * MULTIPLIERS[unit]
    except InvalidOperation:
        raise ValueError(f"“{raw}” is not a number.") from None
    return -value if match["sign"] in ("-", "−") else value
