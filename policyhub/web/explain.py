"""A result's explanation as rows for the result page: criteria, score sheet and other items."""
from __future__ import annotations

from typing import Any

from .i18n import gettext as _

from ..definitions import Round, dump
from ..evaluation.result import FAIL, PASS, UNDETERMINED
from ..kinds import registry
from .templating import num, tr, with_unit



def _status_words() -> dict[str, str]:
    """The status words the registered kinds use (funding schedules, task reports), in the UI language."""
    return {word: _(text) for kind in registry.kinds() for word, text in kind.status_words.items()}


def outcome_label(outcome: str | None, result: dict[str, Any], rnd: Round | None) -> str:
    """符合 / 不符合 / 需补充信息, or the label of a status outcome (lifecycle status, target status...)."""
    fixed = {PASS: _("Eligible"), FAIL: _("Not eligible"), UNDETERMINED: _("Need more information")}
    if outcome in fixed:
        return fixed[outcome]
    for section in (result.get("sections") or {}).values():
        if not isinstance(section, dict):
            continue
        if section.get("status") == outcome and isinstance(section.get("status_label"), dict):
            return tr(section["status_label"])
        for s in section.get("statuses") or []:
            if isinstance(s, dict) and s.get("key") == outcome and s.get("label"):
                return tr(s["label"])
    if rnd is not None and outcome:
        for kind in registry.kinds():
            section = getattr(rnd, kind.section)
            label = kind.status_label(section, outcome) if kind.present(section) else None
            if label:
                return tr(label)
    return _status_words().get(outcome or "", str(outcome or ""))


def item_result_label(result: str | None) -> str:
    words = {PASS: _("Met"), FAIL: _("Not met"), UNDETERMINED: _("Unknown"), "partial": _("Partly met")}
    return words.get(result or "") or _status_words().get(result or "", result or "")


def value_text(rnd: Round | None, fact: str, value: Any) -> str:
    """A given value as the page shows it: unit, choice label, yes/no, item count."""
    if value is None:
        return _("not given")
    f = rnd.facts.get(fact) if rnd is not None else None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return _("%(n)s entries", n=len(value))
    if isinstance(value, dict):
        return _("%(n)s fields", n=len(value))
    if f is not None and f.enum_labels and isinstance(value, str) and value in f.enum_labels:
        return tr(dump(f.enum_labels[value]))
    if f is not None and isinstance(value, str) and fact == "category":
        for c in rnd.categories:
            if c.key == value:
                return tr(dump(c.label))
    if f is not None and f.unit is not None:
        return with_unit(value, dump(f.unit))
    return num(value)


def fact_label(rnd: Round | None, fact: str) -> str:
    f = rnd.facts.get(fact) if rnd is not None else None
    return tr(dump(f.label)) if f is not None else fact


def _requirement(it: dict[str, Any]) -> str:
    p = it.get("parameter")
    if not p or p.get("value") is None:
        return ""
    v = p["value"]
    value = num(v) if isinstance(v, (list, dict)) else with_unit(v, p.get("unit"))
    if not p.get("label"):
        return value
    return _("%(label)s: %(value)s", label=tr(p["label"]), value=value)


def _gap_text(it: dict[str, Any], rnd: Round | None) -> str:
    """The gap in the UI language, values shown as the form shows them (units, choice labels, yes/no)."""
    g = it.get("gap")
    if not g:
        return ""
    if g.get("fact") and g.get("operator") and "needed" in g:
        fact, op = g["fact"], {">=": "≥", "<=": "≤", "==": "=", "!=": "≠"}.get(g["operator"], g["operator"])
        needed = value_text(rnd, fact, g["needed"])
        if g.get("points") is not None and it.get("kind") == "indicator":
            return _("Next: %(fact)s %(op)s %(needed)s for %(points)s points", fact=fact_label(rnd, fact), op=op,
                     needed=needed, points=num(g["points"]))
        return _("%(fact)s is %(actual)s; needs %(op)s %(needed)s", fact=fact_label(rnd, fact),
                 actual=value_text(rnd, fact, g.get("actual")), op=op, needed=needed)
    if isinstance(g.get("text"), dict):
        return tr(g["text"])
    return ""


def _row(it: dict[str, Any], rnd: Round | None, depth: int) -> dict[str, Any]:
    values = [(fact_label(rnd, k), value_text(rnd, k, v)) for k, v in (it.get("values") or {}).items()]
    detail = it.get("detail") or {}
    return {
        "key": it.get("key"), "kind": it.get("kind"), "path": it.get("path"), "depth": depth,
        "label": tr(it.get("label")), "result": it.get("result"), "result_label": item_result_label(it.get("result")),
        "given": values, "requirement": _requirement(it), "gap": _gap_text(it, rnd),
        "citation": it.get("citation"), "points": it.get("points"), "max_points": it.get("max_points"),
        "range": detail.get("range"), "standard": tr(detail.get("standard")) if detail.get("standard") else "",
        "expert": bool(detail.get("expert")), "mandatory": bool(detail.get("mandatory")),
        "missing": [fact_label(rnd, m) for m in it.get("missing") or []],
        "status_label": tr(detail.get("status_label")) if detail.get("status_label") else "",
    }


def rows(result: dict[str, Any], rnd: Round | None) -> dict[str, list[dict[str, Any]]]:
    """The result's items as rows, in the lists the result page shows: each registered kind names the list of
    its items (`page_rows`: criteria, sheet) and their indentation; other items go to "other"."""
    by_item = {item_kind: k for k in registry.kinds() for item_kind in k.item_kinds}
    out: dict[str, list[dict[str, Any]]] = {"criteria": [], "sheet": [], "other": []}
    for it in result.get("items") or []:
        kind = by_item.get(it.get("kind"))
        place = kind.page_rows if kind is not None else "other"
        depth = kind.row_depth(it) if kind is not None else 0
        out.setdefault(place, []).append(_row(it, rnd, depth))
    return out


def missing_labels(result: dict[str, Any], rnd: Round | None) -> list[str]:
    return [fact_label(rnd, m) for m in result.get("missing") or []]
