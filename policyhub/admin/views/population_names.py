"""Region and category names for the population pages: jurisdictions by name (regions the table does not name
shown within the nearest one it does), a round's categories by label, never codes alone."""
from __future__ import annotations

from typing import Any, Callable

from flask_babel import gettext
from sqlalchemy import select

from policyhub.db import db
from policyhub.db.models import JurisdictionRow
from policyhub.i18n import render_value
from policyhub.population.regions import region_test, significant


def jurisdiction_names() -> dict[str, dict[str, str]]:
    rows = db.session.execute(select(JurisdictionRow.code, JurisdictionRow.name_zh, JurisdictionRow.name_en))
    return {code: {"zh": zh, "en": en} for code, zh, en in rows}


def enclosing(code: str, names: dict[str, Any]) -> str | None:
    """The nearest named jurisdiction whose division code holds `code` (430102 -> 430000), if any."""
    holders = [c for c in names if region_test([c])(code)]
    return max(holders, key=lambda c: len(significant(c)), default=None)


def namers(*rounds) -> tuple[Callable[[Any], str], Callable[[Any], str]]:
    """(region_name, category_name) in the request's language; categories from the rounds given."""
    names = jurisdiction_names()
    categories = {c.key: c.label.model_dump() for rnd in rounds for c in rnd.categories}

    def region_name(code: Any) -> str:
        if code is None or code == "":
            return gettext("Region not given")
        if code in names:
            return render_value(names[code])
        within = enclosing(str(code), names)
        return gettext("%(name)s (%(code)s)", name=render_value(names[within]), code=code) if within else str(code)

    def category_name(key: Any) -> str:
        if key is None or key == "":
            return gettext("Category not given")
        return render_value(categories[key]) if key in categories else str(key)

    return region_name, category_name


__all__ = ["enclosing", "jurisdiction_names", "namers"]
