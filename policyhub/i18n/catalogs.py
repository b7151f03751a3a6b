"""Where the catalogs are and how they are read: the core's `policyhub/translations`, then the folders
plugins add through the `policyhub_translations` hook.

Messages are rendered with catalogs read here, with or without a Flask request (no Flask needed).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterable

from babel.support import NullTranslations, Translations

CORE = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"

_lock = threading.Lock()
_extra: list[str] = []
_cache: dict[str, NullTranslations] = {}


def add_directories(folders: Iterable[str | Path]) -> None:
    """Add plugin catalog folders (idempotent); the core's own entries win over a plugin's for the same id."""
    with _lock:
        for folder in map(str, folders):
            if folder not in _extra and folder != str(CORE):
                _extra.append(folder)
                _cache.clear()


def directories() -> list[str]:
    """The core's catalog folder, then the plugins' ones."""
    return [str(CORE), *_extra]


def translations(locale: str) -> NullTranslations:
    """The merged catalog of one locale ('zh_Hans_CN' or 'en')."""
    found = _cache.get(locale)
    if found is not None:
        return found
    with _lock:
        merged = Translations()
        for folder in [*_extra, str(CORE)]:              # later ones win: the core last
            merged.merge(Translations.load(folder, [locale], DOMAIN))
        _cache[locale] = merged
        return merged
