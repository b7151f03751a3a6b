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
            out.append(_violation(ctx, rule, [i], [i], {}, severity="error", message={
                "zh": f"第{i + 1}份申报缺少字段 {'、'.join(_name(ctx, f, 'zh') for f in absent)}，"
                      f"无法检查“{rule.label.zh}”",
                "en": f"application {i + 1} lacks {', '.join(_name(ctx, f, 'en') for f in absent)}: "
                      f"cannot check '{rule.label.en}'"}))
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
            "message": message}


def _distinct_message(ctx, rule, group, allowed, extra) -> dict[str, str]:
    who = {lang: " ".join(f"{_name(ctx, f, lang)} {_value(ctx, f, v, lang)}" for f, v in group.items())
           for lang in ("zh", "en")}
    did = {lang: ("、" if lang == "zh" else ", ").join(_value(ctx, rule.distinct, v, lang) for v in allowed)
           for lang in ("zh", "en")}
    more = {lang: ("、" if lang == "zh" else ", ").join(_value(ctx, rule.distinct, v, lang) for v in extra)
            for lang in ("zh", "en")}
    return {"zh": f"{who['zh']} 已申报 {did['zh']}，不能再申报 {more['zh']}（{rule.label.zh}）",
            "en": f"{who['en']} has applied for {did['en']} and cannot also apply for {more['en']} ({rule.label.en})"}


def _count_message(ctx, rule, group, n, limit) -> dict[str, str]:
    where = {lang: " ".join(f"{_name(ctx, f, lang)} {_value(ctx, f, v, lang)}" for f, v in group.items())
             for lang in ("zh", "en")}
    return {"zh": f"{where['zh']} 有 {n} 份申报，上限 {limit:g} 份（{rule.label.zh}）",
            "en": f"{where['en']} has {n} applications, more than {limit:g} ({rule.label.en})"}


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
            who = {lang: " ".join(f"{_name(ctx, f, lang)} {_value(ctx, f, v, lang)}" for f, v in scope.items())
                   for lang in ("zh", "en")}
            out.append({"rule": b["key"], "severity": "error", "label": b["label"], "citation": b.get("citation"),
                        "group": dict(scope), "values": None, "max": None, "parameter": None,
                        "applications": [i], "offending": [i], "ban": {"from": start, "until": until},
                        "message": {"zh": f"{who['zh']} 在 {until.isoformat()} 前不得重新申报（{b['label']['zh']}）",
                                    "en": f"{who['en']}: no new application until {until.isoformat()} inclusive "
                                          f"({b['label']['en']})"}})
    return out


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(v)


# -- names ----------------------------------------------------------------------------------------------------------
def _name(ctx: RoundContext, field: str, lang: str) -> str:
    """A field's label from the round's facts, else the field name."""
    fact = ctx.round.facts.get(field)
    return fact.label.get(lang) if fact else field


def _value(ctx: RoundContext, field: str, value: Any, lang: str) -> str:
    """A value's label: category labels, else the fact's enum labels, else the value itself."""
    if field == "category":
        for c in ctx.round.categories:
            if c.key == value:
                return c.label.get(lang)
    fact = ctx.round.facts.get(field)
    if fact and fact.enum_labels and value in fact.enum_labels:
        return fact.enum_labels[value].get(lang)
    return str(value)
