"""Constraints across a batch of applications in one round (application_rules), and re-application bans.

An application is a plain mapping of fields, e.g. {category, construction_entity, operating_entity, date}.
Each violation names the rule, its severity, the applications involved (by index in the batch) and a
bilingual message such as "运营主体 X 已申报 运营服务类，不能再申报 金融服务类".
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from ..definitions import dump
from ..definitions.application_rules import ApplicationRule
from ..i18n import Message
from .context import RoundContext


def check_applications(ctx: RoundContext, applications: list[dict[str, Any]], *,
                       bans: Iterable[dict[str, Any]] = (), as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every violation of the round's application rules in the batch, then every application under a ban.

    Within a rule's group, applications count in the order they were made: by `date` (an application without
    one counts after those with one), then by their order in the batch. The earliest stay within the limit;
    the later ones are the offending ones.

    `bans` are lifecycle bans (see `bans_for`): an application whose fields match a ban's `scope` and whose
    `date` (else `as_of`, else today) lies in the ban's from..until is refused.
    """
    out = []
    for rule in ctx.round.application_rules:
        out += _check_rule(ctx, rule, applications)
    out += _check_bans(ctx, applications, list(bans), as_of or dt.date.today())
    return out


def bans_for(lifecycle_data: dict[str, Any], **who: Any) -> list[dict[str, Any]]:
    """A lifecycle result's bans, scoped to the party they bind (e.g. operating_entity="X")."""
    return [{**b, "scope": {**b.get("scope", {}), **who}} for b in lifecycle_data.get("bans", [])]


# -- rules ----------------------------------------------------------------------------------------------------------
def _check_rule(ctx: RoundContext, rule: ApplicationRule, apps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    limit = ctx.value(rule.max)
    needed = [*rule.group_by, *([rule.distinct] if rule.distinct else [])]
    groups: dict[tuple, list[int]] = {}
    out = []
    for i, app in enumerate(apps):
        absent = [f for f in needed if app.get(f) in (None, "")]
        if absent:
            out.append(_violation(ctx, rule, [i], [i], {}, severity="error", message=Message(
                "applications.missing_fields", n=i + 1, fields=[_name(ctx, f) for f in absent],
                rule=dump(rule.label))))
            continue
        groups.setdefault(tuple(app[f] for f in rule.group_by), []).append(i)
    for key, members in groups.items():
        # the earliest application is kept and later ones refused; same-day ties keep the batch's order
        members.sort(key=lambda i: (_date(apps[i].get("date")) or dt.date.max, i))
        group = dict(zip(rule.group_by, key))
        if rule.distinct:
            firsts: dict[Any, int] = {}
            for i in members:
                firsts.setdefault(apps[i][rule.distinct], i)
            values = list(firsts)
            if len(values) <= limit:
                continue
            allowed, extra = values[:int(limit)], values[int(limit):]
            offending = [i for i in members if apps[i][rule.distinct] in extra]
            out.append(_violation(ctx, rule, members, offending, group, values=values,
                                  message=_distinct_message(ctx, rule, group, allowed, extra)))
        elif len(members) > limit:
            out.append(_violation(ctx, rule, members, members[int(limit):], group,
                                  message=_count_message(ctx, rule, group, len(members), limit)))
    return out


def _violation(ctx, rule: ApplicationRule, members, offending, group, *, message, values=None,
               severity=None) -> dict[str, Any]:
    return {"rule": rule.key, "severity": severity or rule.severity, "label": dump(rule.label),
            "citation": ctx.citation(rule.cite), "group": group, "values": values, "max": ctx.value(rule.max),
            "parameter": ctx.ref_info(rule.max), "applications": list(members), "offending": list(offending),
            **_message(message)}


def _message(message: Message) -> dict[str, Any]:
    """A violation's message: code and parameters, and `message` as text in both languages."""
    return {**message.to_json(), "message": message.texts()}


def _who(ctx: RoundContext, values: dict[str, Any]) -> list[Message]:
    return [Message("applications.field_value", field=_name(ctx, f), value=_value(ctx, f, v))
            for f, v in values.items()]


def _distinct_message(ctx, rule, group, allowed, extra) -> Message:
    return Message("applications.distinct", who=_who(ctx, group),
                   applied=[_value(ctx, rule.distinct, v) for v in allowed],
                   refused=[_value(ctx, rule.distinct, v) for v in extra], rule=dump(rule.label))


def _count_message(ctx, rule, group, n, limit) -> Message:
    return Message("applications.count", who=_who(ctx, group), n=n, max=limit, rule=dump(rule.label))


# -- bans -----------------------------------------------------------------------------------------------------------
def _check_bans(ctx: RoundContext, apps, bans, as_of: dt.date) -> list[dict[str, Any]]:
    out = []
    for i, app in enumerate(apps):
        day = _date(app.get("date")) or as_of
        for b in bans:
            scope = b.get("scope") or {}
            if not scope or any(app.get(f) != v for f, v in scope.items()):
                continue
            start, until = _date(b["from"]), _date(b["until"])
            if not (start <= day <= until):
                continue
            out.append({"rule": b["key"], "severity": "error", "label": b["label"], "citation": b.get("citation"),
                        "group": dict(scope), "values": None, "max": None, "parameter": None,
                        "applications": [i], "offending": [i], "ban": {"from": start, "until": until},
                        **_message(Message("applications.ban", who=_who(ctx, scope), until=until,
                                           rule=b["label"]))})
    return out


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v)


# -- names ----------------------------------------------------------------------------------------------------------
def _name(ctx: RoundContext, field: str) -> Any:
    """A field's label from the round's facts ({zh, en}), else the field name."""
    fact = ctx.round.facts.get(field)
    return dump(fact.label) if fact else field


def _value(ctx: RoundContext, field: str, value: Any) -> Any:
    """A value's label ({zh, en}): category labels, else the fact's enum labels, else the value itself."""
    if field == "category":
        for c in ctx.round.categories:
            if c.key == value:
                return dump(c.label)
    fact = ctx.round.facts.get(field)
    if fact and fact.enum_labels and value in fact.enum_labels:
        return dump(fact.enum_labels[value])
    return str(value)
