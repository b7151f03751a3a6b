"""A policy test case's expectation as form controls, the current result taken as the expectation, and what
changed between two results (the items that explain a changed outcome or score).

The form edits the outcome, the score and the expected result and points of chosen items. The other checks
the case format supports (the missing facts, a score range, section values, an expected error) are kept as
stored, and "take the current result" brings each of them up to date with the result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from flask_babel import gettext

from policyhub.evaluation.outcomes import FAIL, PASS, UNDETERMINED
from policyhub.web.explain import item_result_label, outcome_label

from .display import tr
from .fields import format_number, parse_number

EDITED = ("outcome", "score", "items")
ITEM_FIELDS = ("result", "points")
EXTRA_ITEM_ROWS = 2


@dataclass
class ItemRow:
    key: str = ""
    result: str = ""
    points: str = ""
    kept: dict[str, Any] = field(default_factory=dict)      # other expected fields of the item
    errors: list[str] = field(default_factory=list)


@dataclass
class ExpectForm:
    outcome: str = ""
    score: str = ""
    items: list[ItemRow] = field(default_factory=list)
    kept: dict[str, Any] = field(default_factory=dict)      # the checks the form does not edit
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _num(v: Any) -> str:
    return "" if v is None else format_number(v)


def form_of(expect: Mapping[str, Any]) -> ExpectForm:
    """The controls' values for a stored expectation (plus blank item rows)."""
    out = ExpectForm(outcome=expect.get("outcome") or "", score=_num(expect.get("score")),
                     kept={k: v for k, v in expect.items() if k not in EDITED and v is not None})
    for key, fields in (expect.get("items") or {}).items():
        fields = dict(fields or {})
        out.items.append(ItemRow(key, str(fields.pop("result", "") or ""), _num(fields.pop("points", None)),
                                 fields))
    out.items += [ItemRow() for _ in range(EXTRA_ITEM_ROWS)]
    return out


def read_form(form: Mapping[str, str], kept: Mapping[str, Any], item_keys: set[str],
              kept_items: Mapping[str, dict[str, Any]]) -> tuple[dict[str, Any] | None, ExpectForm]:
    """The expectation the controls describe, or None with the errors beside the controls."""
    out = ExpectForm(outcome=(form.get("x_outcome") or "").strip(), score=(form.get("x_score") or "").strip(),
                     kept=dict(kept))
    expect: dict[str, Any] = {}
    if out.outcome:
        expect["outcome"] = out.outcome
    if out.score:
        try:
            expect["score"] = _number(out.score)
        except ValueError as e:
            out.error("score", str(e))
    try:
        n = max(0, min(int(form.get("x_item_rows", "0")), 200))
    except ValueError:
        n = 0
    items: dict[str, dict[str, Any]] = {}
    for i in range(n):
        row = ItemRow((form.get(f"x_item_{i}") or "").strip(), (form.get(f"x_item_{i}_result") or "").strip(),
                      (form.get(f"x_item_{i}_points") or "").strip())
        if not (row.key or row.result or row.points):
            continue
        out.items.append(row)
        if not row.key:
            row.errors.append(gettext("Choose the item this row checks."))
            continue
        if row.key not in item_keys:
            row.errors.append(gettext("This round has no such item."))
            continue
        if row.key in items:
            row.errors.append(gettext("This item is already checked in another row."))
            continue
        fields = dict(kept_items.get(row.key) or {})
        fields.pop("result", None)
        fields.pop("points", None)
        row.kept = dict(fields)
        if row.result:
            fields["result"] = row.result
        if row.points:
            try:
                fields["points"] = _number(row.points)
            except ValueError as e:
                row.errors.append(str(e))
                continue
        if not fields:
            row.errors.append(gettext("Give the expected result or points of this item."))
            continue
        items[row.key] = fields
    out.items += [ItemRow() for _ in range(EXTRA_ITEM_ROWS)]
    if items:
        expect["items"] = items
    expect.update(kept)
    if not expect:
        out.error("outcome", gettext("Say what the case expects: an outcome, a score or an item's result."))
    bad = bool(out.errors) or any(r.errors for r in out.items)
    return (None if bad else expect), out


def _number(text: str) -> float | int:
    return parse_number(text)


# -- the current result as the expectation ---------------------------------------------------------------------
def refresh(expected: Any, actual: Any) -> Any:
    """`expected` with every value it checks replaced by the value in `actual` (the same keys, recursively)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: refresh(v, actual[k]) for k, v in expected.items() if k in actual}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [refresh(e, a) for e, a in zip(expected, actual)]
    return actual


def taken(old: Mapping[str, Any], data: Mapping[str, Any] | None, error: str | None) -> dict[str, Any]:
    """The expectation that holds for this result (`data`, a result's JSON; or the evaluation's `error`):
    the outcome and score, and every other check the case already makes, brought up to date."""
    if data is None:
        return {"error": (error or "")[:200]}
    out: dict[str, Any] = {"outcome": data.get("outcome")}
    if data.get("score") is not None:
        out["score"] = data["score"]
    by_key = {}
    for it in data.get("items") or []:
        by_key.setdefault(it["key"], it)
        by_key.setdefault(it["path"], it)
    items = {}
    for key, fields in (old.get("items") or {}).items():
        if key in by_key:
            items[key] = refresh(dict(fields or {}), by_key[key])
    if items:
        out["items"] = items
    if old.get("score_range") is not None and data.get("score_range") is not None:
        out["score_range"] = data["score_range"]
    if old.get("missing") is not None:
        out["missing"] = list(data.get("missing") or [])
    if old.get("section") is not None:
        out["section"] = refresh(old["section"], data.get("sections") or {})
    return out


# -- words --------------------------------------------------------------------------------------------------------
def outcome_choices() -> list[tuple[str, str]]:
    return [("", gettext("(not checked)")), (PASS, outcome_label(PASS, {}, None)),
            (FAIL, outcome_label(FAIL, {}, None)), (UNDETERMINED, outcome_label(UNDETERMINED, {}, None))]


def result_choices(current: str = "") -> list[tuple[str, str]]:
    codes = [PASS, FAIL, UNDETERMINED] + ([current] if current and current not in (PASS, FAIL, UNDETERMINED)
                                          else [])
    return [("", gettext("(not checked)"))] + [(c, item_result_label(c)) for c in codes]


def outcome_text(outcome: str | None, data: Mapping[str, Any] | None = None) -> str:
    return outcome_label(outcome, dict(data or {}), None) if outcome else "—"


def item_choices(data: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The items of a result, by key, with their labels (a scored item shows its maximum)."""
    out, seen = [], set()
    for it in (data or {}).get("items") or []:
        if it["key"] in seen:
            continue
        seen.add(it["key"])
        label = tr(it.get("label")) or it["key"]
        if it.get("max_points") is not None:
            label = gettext("%(label)s (up to %(points)s points)", label=label,
                            points=format_number(it["max_points"]))
        out.append((it["key"], label))
    return out


@dataclass
class Cause:
    label: str
    before: str
    after: str


def _item_text(it: Mapping[str, Any] | None) -> str:
    if it is None:
        return "—"
    parts = [item_result_label(it.get("result"))] if it.get("result") else []
    if it.get("points") is not None:
        parts.append(gettext("%(points)s points", points=format_number(it["points"])))
    return " · ".join(parts) or "—"


def causes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, limit: int = 4) -> list[Cause]:
    """The deepest items whose result or points differ between two results (what made the outcome change)."""
    old = {it["path"]: it for it in (before or {}).get("items") or []}
    new = {it["path"]: it for it in (after or {}).get("items") or []}
    differ = [p for p in list(new) + [p for p in old if p not in new]
              if (old.get(p) or {}).get("result") != (new.get(p) or {}).get("result")
              or (old.get(p) or {}).get("points") != (new.get(p) or {}).get("points")]
    leaves = [p for p in differ if not any(q != p and q.startswith(p + "/") for q in differ)]
    out = []
    for p in leaves[:limit]:
        it = new.get(p) or old.get(p)
        out.append(Cause(tr(it.get("label")) or it["key"], _item_text(old.get(p)), _item_text(new.get(p))))
    return out


def describe(expect: Mapping[str, Any], data: Mapping[str, Any] | None = None) -> list[str]:
    """What a case expects, in words (item labels taken from a result of the round when given)."""
    labels = {it["key"]: tr(it.get("label")) for it in (data or {}).get("items") or []}
    out = []
    if expect.get("outcome"):
        out.append(gettext("Outcome: %(value)s", value=outcome_text(expect["outcome"], data)))
    if expect.get("score") is not None:
        out.append(gettext("Score: %(value)s", value=format_number(expect["score"])))
    if expect.get("score_range") is not None:
        out.append(gettext("Score between %(low)s and %(high)s", low=format_number(expect["score_range"][0]),
                           high=format_number(expect["score_range"][-1])))
    for key, fields in (expect.get("items") or {}).items():
        out.append(f"{labels.get(key) or gettext('an item of another category')}: {_item_text(fields)}")
    if expect.get("missing") is not None:
        out.append(gettext("which facts are missing (%(n)d)", n=len(expect["missing"])))
    if expect.get("section") is not None:
        out.append(gettext("values of the result's details"))
    if expect.get("error"):
        out.append(gettext("the evaluation is refused"))
    return out


def run_text(run: Any) -> str:
    """A run's result in words: outcome and score."""
    if run is None:
        return "—"
    if run.data is None:
        return gettext("refused")
    text = outcome_text(run.outcome, run.data)
    return f"{text} · {gettext('score')} {run.shown_score}" if run.shown_score else text
