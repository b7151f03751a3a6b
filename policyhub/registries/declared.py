"""The jurisdictions and schemes policy folders declare, read without the full load (no cross-checks), for
what an app needs before its database holds the policies."""
from __future__ import annotations

from ..loader import add, parse_document, policy_files
from ..policyset import PolicySet
from ..yamlio import load_yaml

_DECLARED: dict[tuple, PolicySet] = {}


def declared_in(folders) -> PolicySet:
    """The jurisdictions and schemes of policy folders (parsed by the core's models, not cross-checked),
    for what an app needs before its database holds the policies: which registries get back-office views,
    which jurisdiction a plugin page belongs to. Cached per set of files and their modification times."""
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
