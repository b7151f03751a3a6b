"""Registries as the policy set declares them: each on its scheme (`registry: {key, label, writers}`).

A registry is the list of records officials keep for a scheme (platforms, sub-centres, institutions, tasks).
It belongs to its scheme's jurisdiction; `writers` lists the jurisdictions whose rows it holds (default: the
scheme's jurisdiction). A row may be written under a writer or a jurisdiction below one, and only those rows
are ever read, counted or evaluated as the registry's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from ..definitions import Label
from ..errors import PolicyError

if TYPE_CHECKING:
    from ..policyset import PolicySet


@dataclass(frozen=True)
class Registry:
    """One declared registry: its key, label, scheme, owning jurisdiction and writer jurisdictions."""

    key: str
    label: Label
    scheme: str
    jurisdiction: str
    writers: tuple[str, ...]

    def codes(self, parents: Mapping[str, str | None]) -> frozenset[str]:
        """The jurisdictions whose rows the registry holds: each writer and every jurisdiction below it
        (`parents` maps a code to its parent's code)."""
        return frozenset(c for c in parents if within(c, self.writers, parents)) | frozenset(self.writers)


def within(code: str | None, tops: tuple[str, ...] | frozenset[str], parents: Mapping[str, str | None]) -> bool:
    """Is `code` one of `tops` or below one of them? (safe against cycles)"""
    seen: set[str] = set()
    while code is not None and code not in seen:
        if code in tops:
            return True
        seen.add(code)
        code = parents.get(code)
    return False


def registries_of(ps: PolicySet) -> dict[str, Registry]:
    """Every registry the policy set's schemes declare, by key (ordered by key)."""
    out: dict[str, Registry] = {}
    for key in sorted(ps.schemes):
        s = ps.schemes[key]
        decl = s.registry
        if decl is None:
            continue
        if decl.key in out:
            raise PolicyError(f"registry '{decl.key}' is declared by schemes '{out[decl.key].scheme}' and '{key}'")
        out[decl.key] = Registry(key=decl.key, label=decl.label, scheme=key, jurisdiction=s.jurisdiction,
                                 writers=tuple(decl.writers or [s.jurisdiction]))
    return dict(sorted(out.items()))


def registry(ps: PolicySet, key: str) -> Registry:
    """The declared registry `key`; PolicyError naming the known ones if there is none."""
    found = registries_of(ps)
    try:
        return found[key]
    except KeyError:
        raise PolicyError(f"unknown registry '{key}'; declared: {', '.join(found) or 'none'}") from None


def registry_of_scheme(ps: PolicySet, scheme: str) -> Registry | None:
    """The registry a scheme declares, if any."""
    for reg in registries_of(ps).values():
        if reg.scheme == scheme:
            return reg
    return None


def parents_of(ps: PolicySet) -> dict[str, str | None]:
    """{code: parent code} of the policy set's jurisdictions."""
    return {c: j.parent for c, j in ps.jurisdictions.items()}
