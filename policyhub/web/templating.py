"""Template helpers for the public pages: the UI language's side of a label, numbers, units, links."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request, url_for
from .i18n import gettext as _, ngettext

from ..i18n import ui_lang

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "===": "=", "!=": "≠", "!==": "≠"}


def tr(label: Any) -> str:
    """`label.zh` or `label.en` by the UI language; plain strings pass through."""
    if label is None:
        return ""
    if isinstance(label, dict):
        lang = ui_lang()
        return str(label.get(lang) or label.get("zh") or label.get("en") or "")
    if hasattr(label, "zh") and hasattr(label, "en"):
        return label.en if ui_lang() == "en" else label.zh
    return str(label)


def num(v: Any) -> str:
    """3.0 -> '3', 2.345 -> '2.35'; None -> ''."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return _("Yes") if v else _("No")
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:.2f}".rstrip("0").rstrip(".")
    return str(v)


def with_unit(v: Any, unit: Any) -> str:
    """A number with its unit: '30平方米' in Chinese, '30 m²' in English ('50%' in both)."""
    text = num(v)
    u = tr(unit)
    if not u or text == "":
        return text
    if ui_lang() == "en" and u[:1].isalnum():
        return f"{text} {u}"
    return f"{text}{u}"


def symbol(op: Any) -> str:
    return SYMBOLS.get(op, op or "")


def lang_url(code: str) -> str:
    """The current page in another UI language (?lang= is whitelisted by the app)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    if request.endpoint and request.url_rule is not None:
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    return f"{request.path}?lang={code}"


LINKS = "policyhub_portal_links"


def add_portal_link(app, endpoint: str, label: Any) -> None:
    """Put a plugin's public page in the portal's main navigation (from its `policyhub_init_app` hook);
    `label` is bilingual ({zh, en}), from the plugin's data."""
    app.extensions.setdefault(LINKS, []).append({"endpoint": endpoint, "label": label})


def portal_links() -> list[dict[str, Any]]:
    """The links plugins added to the main navigation, in the order they were added."""
    return list(current_app.extensions.get(LINKS, []))


HELPERS = {"tr": tr, "num": num, "with_unit": with_unit, "symbol": symbol, "lang_url": lang_url,
           "_": _, "gettext": _, "ngettext": ngettext, "portal_links": portal_links}


def register(bp: Blueprint) -> None:
    """Make the helpers available to the blueprint's templates only (no app-wide filter names); `_` there is
    the portal's own catalog."""
    bp.context_processor(lambda: dict(HELPERS))
