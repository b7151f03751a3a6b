"""Load-time checks of a checklist: unique criterion keys, every rule compiles."""
from __future__ import annotations

from ...i18n import Message
from ...rules import RuleError
from .model import Criterion


def check(ctx, root: Criterion) -> list[tuple[str, str]]:
    """Problems as (path below `criteria`, message)."""
    out: list[tuple[str, str]] = []
    keys = [c.key for c in root.walk()]
    for k in {k for k in keys if keys.count(k) > 1}:
        out.append(("", Message("check.duplicate_criterion", key=k)))
    for c in root.walk():
        if c.rule is not None:
            try:
                ctx.compile(c.rule)
            except RuleError as e:
                for p in e.errors:
                    out.append((f"[{c.key}].rule" + (f" {p.path}" if p.path else ""), p.message))
    return out
