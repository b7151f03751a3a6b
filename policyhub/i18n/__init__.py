"""The one language layer: locale selection, messages rendered through the catalogs, and formats."""
from .locale import LOCALE_ALIASES, select_locale, ui_lang

__all__ = ["LOCALE_ALIASES", "select_locale", "ui_lang"]
