"""The scheme kinds this process knows, collected from the `policyhub_scheme_kinds` hook.

Every plugin manager policyhub builds installs the kinds its plugins register (`install`); a round validated
before any plugin manager exists gets the built-in kinds (`kinds()` builds a default plugin manager once).
Kinds keep their registration order: the built-ins in `DEFAULT_PLUGINS` order, then other plugins'.
"""
from __future__ import annotations

from typing import Any

from ..errors import PolicyError
from .base import SchemeKind

_BY_SECTION: dict[str, SchemeKind] = {}
_loaded = False


def install(found: list[Any]) -> None:
    """Register kinds (in order). A section claimed by a different kind class is an error; the same class
    registered again (a new plugin manager) replaces the earlier object."""
    global _loaded
    seen: dict[str, SchemeKind] = {}
    for kind in found:
        if not isinstance(kind, SchemeKind) or not kind.name or not kind.section:
            raise PolicyError(f"a scheme kind needs a name and a section: {kind!r}")
        other = seen.get(kind.section) or _BY_SECTION.get(kind.section)
        if other is not None and _identity(other) != _identity(kind):
            raise PolicyError(f"round section '{kind.section}' is claimed by two scheme kinds: "
                              f"{_identity(other)} and {_identity(kind)}")
        names = {k.name: k for k in (*seen.values(), *_BY_SECTION.values()) if k.section != kind.section}
        if kind.name in names:
            raise PolicyError(f"two scheme kinds are named '{kind.name}'")
        seen[kind.section] = kind
    _BY_SECTION.update(seen)
    if found:
        _loaded = True


def _identity(kind: SchemeKind) -> str:
    return f"{type(kind).__module__}.{type(kind).__qualname__}"


def _ensure() -> None:
    if not _loaded:
        from ..plugin_build import build, scheme_kinds

        install(scheme_kinds(build(entry_points=False)))      # the built-in kinds (and nothing else)


def kinds() -> list[SchemeKind]:
    """Every registered kind, in registration order."""
    _ensure()
    return list(_BY_SECTION.values())


def for_section(section: str) -> SchemeKind | None:
    """The kind that owns a round key, or None."""
    _ensure()
    return _BY_SECTION.get(section)


def named(name: str) -> SchemeKind | None:
    """The kind with this name, or None."""
    for k in kinds():
        if k.name == name:
            return k
    return None


def sections() -> tuple[str, ...]:
    """The round keys of every registered kind."""
    return tuple(_BY_SECTION) if _loaded else tuple(k.section for k in kinds())
