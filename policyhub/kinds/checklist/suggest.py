"""What would change a checklist's answer: the failed criteria as steps, a failed `any` group as one choice."""
from __future__ import annotations

from typing import Any

from ...evaluation.changes import _Facts, _label, _tree, comparison_step
from ...i18n import Message
from ...evaluation.result import FAIL


def suggest(result_json: dict[str, Any], facts: _Facts) -> list[dict[str, Any]]:
    """Steps for every failed criterion that could change the answer (below a failed group only)."""
    return _criteria(facts, result_json.get("items") or [])


def _leaf(facts: _Facts, it: dict[str, Any]) -> dict[str, Any]:
    g = it.get("gap") or {}
    label = it.get("label") or {"zh": it.get("key", ""), "en": it.get("key", "")}
    if g.get("fact") and g.get("operator"):
        step = comparison_step(facts, g["fact"], g["operator"], g.get("actual"), g.get("needed"))
    else:
        step = {"kind": "meet", "effort": 1.0, "message": Message("suggest.meet", label=_label(label))}
    step.update(item=it.get("path"), label=label, citation=it.get("citation"))
    return step


def _criteria(facts: _Facts, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roots, children, _ = _tree(items)

    def visit(it: dict[str, Any]) -> list[dict[str, Any]]:
        if it.get("result") != FAIL:
            return []
        kind = it.get("kind")
        if kind == "criterion":
            return [_leaf(facts, it)]
        below = [s for c in children[it["path"]] for s in visit(c)]
        if kind == "any" and len(below) > 1:
            label = it.get("label") or {"zh": it["key"], "en": it["key"]}
            return [{"kind": "one_of", "item": it["path"], "label": label, "steps": below,
                     "message": Message("suggest.one_of", label=_label(label))}]
        return below

    return [s for r in roots for s in visit(r)]
