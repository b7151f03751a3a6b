"""Numbers, quantities, amounts, percentages, dates and times, formatted once for every language.

Values that need a unit or a kind of formatting travel inside messages as small tagged mappings
(`quantity()`, `amount()`, `percent()`), so a message stays plain JSON and is formatted only when rendered.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

TIMEZONE = ZoneInfo("Asia/Shanghai")
LANGS = ("zh", "en")


def lang_of(locale: str | None) -> str:
    """'zh' or 'en': which side of a bilingual label a locale reads."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def babel_locale(locale: str | None) -> str:
    """The Babel locale name for formatting ('zh_Hans_CN' or 'en')."""
    return "zh_Hans_CN" if lang_of(locale) == "zh" else "en"


def pick(text: Any, locale: str | None) -> str:
    """One side of a bilingual label {zh, en} (the other side, then the first one, when it is missing)."""
    if text is None:
        return ""
    if not isinstance(text, Mapping):
        return str(text)
    lang = lang_of(locale)
    other = "en" if lang == "zh" else "zh"
    return text.get(lang) or text.get(other) or next((str(v) for v in text.values() if v), "")


def number(value: int | float, locale: str | None = None, *, grouping: bool = False) -> str:
    """15, not 15.0; up to six decimals, trailing zeros dropped; thousands grouped only when asked."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not grouping:
        if isinstance(value, float):
            return f"{value:.6f}".rstrip("0").rstrip(".")
        return str(value)
    return format_decimal(value, format="#,##0.######", locale=babel_locale(locale))


def _space_before(unit: str) -> bool:
    return bool(unit) and unit[:1].isalnum()


def with_unit(text: str, unit: str, locale: str | None) -> str:
    """A formatted number and its unit: "5人" in Chinese, "5 people" (but "25%") in English."""
    if not unit:
        return text
    if lang_of(locale) == "zh" or not _space_before(unit):
        return f"{text}{unit}"
    return f"{text} {unit}"


def quantity(value: Any, unit: Any = None) -> dict[str, Any]:
    """A measured value with its unit (a bilingual label or a string) as a message parameter."""
    return {"value": value, "unit": unit}


def amount(value: Any, unit: Any = None) -> dict[str, Any]:
    """A sum of money in the unit the data gives (元, 万元...), grouped by thousands, as a parameter."""
    return {"amount": value, "unit": unit}


def percent(value: float) -> dict[str, Any]:
    """A share (0.25) shown as a percentage (25%), as a parameter."""
    return {"percent": value}


def percentage(value: float, locale: str | None = None) -> str:
    """0.25 as "25%"."""
    return number(round(value * 100, 2), locale) + "%"


def date(value: dt.date | str | None, locale: str | None = None) -> str:
    """A date as ISO YYYY-MM-DD in every language (the notices and the JSON use it)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = local_time(value).date()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def local_time(value: dt.datetime) -> dt.datetime:
    """A datetime in Asia/Shanghai (naive values are taken as UTC, as the database stores them)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(TIMEZONE)


def datetime(value: dt.datetime | None, locale: str | None = None) -> str:
    """A moment as Asia/Shanghai local time, to the minute: 2026-12-01 18:05 (no seconds' fractions)."""
    if value is None:
        return ""
    return local_time(value).strftime("%Y-%m-%d %H:%M")
