"""Write a PolicySet back to policy files, one document per file; export -> load -> export is stable."""
from __future__ import annotations

import re
from pathlib import Path

from .definitions import dump
from .policyset import PolicySet
from .yamlio import dump_yaml


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-") or "x"


def export_files(ps: PolicySet) -> dict[str, str]:
    """Relative path -> YAML text for every definition in the set."""
    out: dict[str, str] = {}
    by_code = ps.jurisdictions

    def folder(code: str) -> str:
        return by_code[code].key if code in by_code else _safe(code)

    for _code, j in ps.jurisdictions.items():
        out[f"{j.key}/jurisdiction.yaml"] = dump_yaml({"kind": "jurisdiction", **dump(j)})
    for number, d in ps.documents.items():
        out[f"{folder(d.jurisdiction)}/documents/{_safe(number)}.yaml"] = dump_yaml({"kind": "document", **dump(d)})
    for key, s in ps.schemes.items():
        base = f"{folder(s.jurisdiction)}/schemes/{key}"
        out[f"{base}/scheme.yaml"] = dump_yaml({"kind": "scheme", **dump(s)})
    for (scheme, key), r in ps.rounds.items():
        s = ps.schemes.get(scheme)
        base = f"{folder(s.jurisdiction) if s else '_'}/schemes/{scheme}"
        out[f"{base}/rounds/{_safe(key)}.yaml"] = dump_yaml({"kind": "round", **dump(r)})
    for key, reg in ps.regions.items():
        out[f"_regions/{_safe(key)}.yaml"] = dump_yaml({"kind": "regions", **dump(reg)})
    counters: dict[str, int] = {}
    for i, cs in enumerate(ps.cases):
        s = ps.schemes.get(cs.scheme)
        n = counters[cs.scheme] = counters.get(cs.scheme, 0) + 1
        base = f"{folder(s.jurisdiction) if s else '_'}/schemes/{cs.scheme}"
        out[_free(out, f"{base}/cases/{_case_file(ps, cs, i, n)}")] = dump_yaml({"kind": "cases", **dump(cs)})
    return out


def _case_file(ps: PolicySet, cs, i: int, n: int) -> str:
    """A case file keeps the name of the file it was loaded from; one begun in the back office is named after
    its round."""
    source = ps.sources.get(("cases", f"{cs.scheme}:{i}"), "")
    if source.endswith(".yaml"):
        return Path(source).stem
    return f"cases-{_safe(cs.round)}" if cs.round else f"cases-{n:02d}"


def _free(out: dict[str, str], stem: str) -> str:
    path, k = f"{stem}.yaml", 2
    while path in out:
        path, k = f"{stem}-{k}.yaml", k + 1
    return path


def export_to(ps: PolicySet, dest: Path) -> list[Path]:
    """Write every file under `dest`; returns the paths written."""
    written = []
    for rel, text in sorted(export_files(ps).items()):
        path = Path(dest) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
