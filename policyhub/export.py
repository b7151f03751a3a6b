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
    for cs in ps.cases:
        s = ps.schemes.get(cs.scheme)
        n = counters[cs.scheme] = counters.get(cs.scheme, 0) + 1
        base = f"{folder(s.jurisdiction) if s else '_'}/schemes/{cs.scheme}"
        out[f"{base}/cases/cases-{n:02d}.yaml"] = dump_yaml({"kind": "cases", **dump(cs)})
    return out


def export_to(ps: PolicySet, dest: Path) -> list[Path]:
    """Write every file under `dest`; returns the paths written."""
    written = []
    for rel, text in sorted(export_files(ps).items()):
        path = Path(dest) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
