"""Registries as the policy set declares them: each on its scheme (`registry: {key, label, writers}`).

A registry is the list of records officials keep for a scheme (platforms, sub-centres, institutions, tasks).
It belongs to its scheme's jurisdiction; `writers` lists the jurisdictions whose rows it holds (default: the
scheme's jurisdiction). A row may be written under a writer or a jurisdiction below one, and only those rows
are ever read, counted or evaluated as the registry's.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..definitions import Label
from ..errors import PolicyError
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


_DECLARED: dict[tuple, PolicySet] = {}


def declared_in(folders) -> PolicySet:
    """The jurisdictions and schemes of policy folders (parsed by the core's models, not cross-checked),
    for what an app needs before its database holds the policies: which registries get back-office views,
    which jurisdiction a plugin page belongs to. Cached per set of files and their modification times."""
    from ..loader import add, parse_document, policy_files
    from ..yamlio import load_yaml

    files = policy_files(folders)
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    if key in _DECLARED:
        return _DECLARED[key]
    ps, problems = PolicySet(), []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "kind: scheme" not in text and "kind: jurisdiction" not in text:
            continue
        try:
            data = load_yaml(text)
        except Exception:  # noqa: BLE001 - the strict loader reports broken files; here they are skipped
            continue
        if isinstance(data, dict) and data.get("kind") in ("scheme", "jurisdiction"):
            obj, errs = parse_document(data, str(path))
            if obj is not None and not errs:
                add(ps, obj, str(path), problems)
    _DECLARED[key] = ps
    return ps
