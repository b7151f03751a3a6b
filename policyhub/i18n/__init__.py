"""The one language layer: locale selection, messages rendered through the catalogs, and formats.

    from policyhub.i18n import Message, render
    render(Message("gap.found", label=..., actual=3, op="≥", needed=5), "en")

Rendering needs no Flask; `select_locale`, `ui_lang` and `AppBabel` (request-side) are imported on first use.
"""
from .catalogs import add_directories
from .formats import amount, percent, pick, quantity
from .message import M_, Message, from_stored, locale_of, render, render_value, stored

_LAZY = {"select_locale": "locale", "ui_lang": "locale", "LOCALE_ALIASES": "locale", "AppBabel": "app_babel"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(name)


__all__ = ["AppBabel", "LOCALE_ALIASES", "M_", "Message", "add_directories", "amount", "from_stored", "locale_of",
           "percent", "pick", "quantity", "render", "render_value", "select_locale", "stored", "ui_lang"]
