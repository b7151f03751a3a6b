"""Where a change in a round's data is, in the official's words: the section, the item's label, the field.

`criteria.all[applicant].all[park_type].rule` reads "Criteria · Park type · Rule", `parameters.min_staff.value`
"Parameters · Minimum staff · Value". A change inside a rule is one change of the rule (its JSON is not shown).
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext, lazy_gettext

from policyhub.kinds import registry

from .display import tr

# the round's own keys and the fields of its items, as officials name them
FIELDS = {
    "title": lazy_gettext("Title"), "effective": lazy_gettext("Effective date"),
    "parameters": lazy_gettext("Parameters"), "facts": lazy_gettext("Facts"),
    "categories": lazy_gettext("Categories"), "application_rules": lazy_gettext("Application rules"),
    "value": lazy_gettext("Value"), "label": lazy_gettext("Label"), "zh": lazy_gettext("Chinese"),
    "en": lazy_gettext("English"), "unit": lazy_gettext("Unit"), "cite": lazy_gettext("Citation"),
    "ref": lazy_gettext("Article"), "doc": lazy_gettext("Document"), "note": lazy_gettext("Note"),
    "assumption": lazy_gettext("Assumption"), "minimum": lazy_gettext("Minimum"),
    "maximum": lazy_gettext("Maximum"), "rule": lazy_gettext("Rule"), "points": lazy_gettext("Points"),
    "max_points": lazy_gettext("Maximum points"), "type": lazy_gettext("Type"), "help": lazy_gettext("Help text"),
    "enum": lazy_gettext("Choices"), "enum_labels": lazy_gettext("Choice labels"), "items": lazy_gettext("Items"),
    "expert": lazy_gettext("Expert assessment"), "mandatory": lazy_gettext("Mandatory"),
    "pass_mark": lazy_gettext("Pass mark"), "years": lazy_gettext("Years"), "cap": lazy_gettext("Cap"),
    "amount": lazy_gettext("Amount"), "stop": lazy_gettext("Stops funding"),
    "first_year": lazy_gettext("First year"), "by_previous_result": lazy_gettext("By the previous year's result"),
    "result_labels": lazy_gettext("Result labels"), "status": lazy_gettext("Status"),
    "version": lazy_gettext("Version"), "scheme": lazy_gettext("Scheme"), "key": lazy_gettext("Key"),
    "from": lazy_gettext("From"), "to": lazy_gettext("To"), "date": lazy_gettext("Date"),
    "deadline": lazy_gettext("Deadline"), "baseline": lazy_gettext("Baseline"), "max": lazy_gettext("Maximum"),
    "months": lazy_gettext("Months"), "score": lazy_gettext("Score"), "when": lazy_gettext("Condition"),
}
# keyed groups of a rule tree that only nest items (their labels say what they are)
_STRUCTURE = {"all", "any", "none", "groups", "indicators", "subgroups", "items", "sheets", "targets", "tasks"}
_TOKEN = re.compile(r"\[([^\]]+)\]|([^.\[\]]+)")


class RuleText(str):
    """A whole rule in a change: shown as words, never as its JSON."""


def _field(name: str) -> str:
    label = FIELDS.get(name)
    return str(label) if label is not None else name


def _section(name: str) -> str:
    kind = registry.for_section(name)
    editor = kind.load_editor() if kind is not None else None
    label = getattr(editor, "label", None)
    return str(label) if label else _field(name)


def _label_in(data: Any, key: str) -> Any:
    """The label of the object with this key (or number) anywhere in plain data, or None."""
    if isinstance(data, dict):
        if str(data.get("key", data.get("number"))) == key and isinstance(data.get("label"), dict):
            return data["label"]
        values = list(data.values())
    elif isinstance(data, list):
        values = data
    else:
        return None
    for v in values:
        found = _label_in(v, key)
        if found is not None:
            return found
    return None


def _named(data: Any, top: str, name: str) -> Any:
    """The label of a parameter or fact, from either side of the change."""
    item = (data or {}).get(top, {}).get(name) if isinstance(data, dict) else None
    return item.get("label") if isinstance(item, dict) else None


def where(change: dict[str, Any], old: Any, new: Any) -> str:
    """The place of one change (`policyhub.diff`) as "section · item · field" in the official's language."""
    tokens = [(k, n) for k, n in _TOKEN.findall(change["path"])]
    if not tokens:
        return ""
    parts = []
    _key, top = tokens[0]
    parts.append(_section(top) if top else tr(_label_in(new, _key) or _label_in(old, _key)) or _key)
    rest = tokens[1:]
    if top in ("parameters", "facts") and rest and rest[0][1]:
        name = rest[0][1]
        parts.append(tr(_named(new, top, name) or _named(old, top, name)) or name)
        rest = rest[1:]
    last = max((i for i, (k, _n) in enumerate(rest) if k), default=None)
    if last is not None:
        key = rest[last][0]
        label = change.get("label") or _label_in(new, key) or _label_in(old, key)
        parts.append(tr(label) if label else key)
        rest = rest[last + 1:]
    for _k, name in rest:
        if name and name not in _STRUCTURE:
            parts.append(_field(name))
    return " · ".join(p for p in parts if p)


def _rule_prefix(path: str) -> str | None:
    m = re.match(r"^(.*?(?:^|\.)rule)(?:[.\[]|$)", path)
    return m.group(1) if m else None


def readable(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes with every change inside one rule folded into one change of that rule."""
    out: list[dict[str, Any]] = []
    for c in changes:
        prefix = _rule_prefix(c["path"])
        if prefix is None:
            out.append(c)
            continue
        if out and out[-1]["path"] == prefix:
            continue
        change = c["change"]
        out.append({**c, "path": prefix, "change": change,
                    "old": None if change == "added" else RuleText(gettext("the earlier rule")),
                    "new": None if change == "removed" else RuleText(gettext("the new rule"))})
    return out
