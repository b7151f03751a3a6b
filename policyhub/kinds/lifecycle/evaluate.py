"""Lifecycle: replay a dated history of events through statuses, with counters, deadlines, bans and payments.

Semantics (docs/kinds/lifecycle.md): events are replayed in date order (same-day events in the order given) up to
`as_of`; counters are updated with an event before its `when` rules are read; the first matching transition
wins; an event no transition accepts is refused with a reason and changes nothing. A deadline opens when its
`after` event is accepted (only if its `on_expiry` event can act on the status reached) and fires `on_expiry`
the day after its last day.
"""
from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

from ...definitions import dump
from .model import Lifecycle, Transition
from ...errors import FactsError, PolicyError
from ...rules import RuleError, RuleEvaluationError
from ...workdays import period_end
from ...context import RoundContext
from ...evaluation.result import UNDETERMINED, Item
from ...evaluation.section import SectionResult
from ...i18n import Message

WHEN_FACTS = frozenset({"counters", "event", "status"})
PAY_FACTS = WHEN_FACTS | {"facts"}
LENGTHS = ("working_days", "days", "months", "years")


# -- load / save checks ---------------------------------------------------------------------------------------
def check(ctx: RoundContext, lc: Lifecycle) -> list[tuple[str, str]]:
    """Problems of a lifecycle as (path, message): undeclared names, rules that do not compile, bad lengths."""
    out: list[tuple[str, str]] = [("", m) for m in lc.reference_problems()]
    fact = ctx.round.facts.get(lc.history)
    if fact is None:
        out.append(("history", Message("kind.fact_undeclared", fact=lc.history)))
    elif fact.type != "array":
        out.append(("history", Message("lifecycle.history_not_array", fact=lc.history, type=fact.type)))
    for i, t in enumerate(lc.transitions):
        if t.when is not None:
            try:
                ctx.compile(t.when, facts=WHEN_FACTS)
            except RuleError as e:
                out += [(f"transitions[{i}].when" + (f" {p.path}" if p.path else ""), p.message) for p in e.errors]
    for d in lc.deadlines:
        unit = _unit(d)
        out += _count_problems(ctx, f"deadline '{d.key}'.{unit}", getattr(d, unit))
        start_day = _value(ctx, d.count_start_day)
        if not isinstance(start_day, bool):
            out.append((f"deadline '{d.key}'.count_start_day", Message("kind.not_a_boolean", value=repr(start_day))))
    for b in lc.bans:
        given = [u for u in ("years", "months") if getattr(b, u) is not None]
        if len(given) != 1:
            out.append((f"ban '{b.key}'", Message("lifecycle.ban_length")))
        for u in given:
            out += _count_problems(ctx, f"ban '{b.key}'.{u}", getattr(b, u))
    for p in lc.payments:
        amount = _value(ctx, p.amount)
        if not isinstance(amount, (int, float)) or isinstance(amount, bool) or amount < 0:
            out.append((f"payment '{p.key}'.amount", Message("kind.not_a_non_negative_number", value=repr(amount))))
        if p.when is not None:
            try:
                ctx.compile(p.when, facts=PAY_FACTS)
            except RuleError as e:
                out += [(f"payment '{p.key}'.when" + (f" {q.path}" if q.path else ""), q.message) for q in e.errors]
        if p.on in lc.statuses and p.on in lc.events:
            out.append((f"payment '{p.key}'.on", Message("lifecycle.status_and_event", name=p.on)))
    return out


def _value(ctx: RoundContext, num: Any) -> Any:
    try:
        return ctx.value(num)
    except PolicyError as e:
        return f"<{e}>"


def _count_problems(ctx: RoundContext, path: str, num: Any) -> list[tuple[str, str]]:
    v = _value(ctx, num)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or v != int(v):
        return [(path, Message("kind.not_a_count", value=repr(v)))]
    return []


def _unit(d) -> str:
    return next(u for u in LENGTHS if getattr(d, u) is not None)


# -- evaluation ------------------------------------------------------------------------------------------------
def evaluate(ctx: RoundContext, lc: Lifecycle, facts: dict[str, Any], as_of: dt.date | None) -> SectionResult:
    """The status as of `as_of` (today when not given), with the timeline that led there."""
    as_of = as_of or dt.date.today()
    if lc.history not in facts:
        return SectionResult(UNDETERMINED, missing=[lc.history], data={"status": None, "as_of": as_of})
    replay = _Replay(ctx, lc, facts, as_of)
    replay.run(_history(lc.history, facts[lc.history]))
    return replay.result()


def _history(name: str, events: Any) -> list[tuple[dt.date, int, dict[str, Any]]]:
    """The history fact as (date, index, event) in date order; same-day events keep their given order."""
    if not isinstance(events, list):
        raise FactsError([{"path": name, "message": Message("lifecycle.history_not_list")}])
    out, errors = [], []
    for i, ev in enumerate(events):
        if not isinstance(ev, dict) or not isinstance(ev.get("event"), str):
            errors.append({"path": f"{name}/{i}", "message": Message("lifecycle.event_shape")})
            continue
        try:
            day = ev["date"] if isinstance(ev.get("date"), dt.date) else dt.date.fromisoformat(ev.get("date"))
        except (TypeError, ValueError):
            errors.append({"path": f"{name}/{i}/date",
                           "message": Message("kind.not_a_date", value=repr(ev.get('date')))})
            continue
        out.append((day, i, ev))
    if errors:
        raise FactsError(errors)
    return sorted(out, key=lambda x: (x[0], x[1]))


def _plain(ev: dict[str, Any]) -> dict[str, Any]:
    """An event as the JsonLogic data of a `when` rule (dates as ISO strings)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in ev.items()}


def _label(named: dict, key: str) -> dict[str, str]:
    n = named.get(key)
    return dump(n.label) if n is not None else {"zh": key, "en": key}


class _Replay:
    """The state while replaying: status, counters, deadlines, bans, payments and the timeline."""

    def __init__(self, ctx: RoundContext, lc: Lifecycle, facts: dict[str, Any], as_of: dt.date):
        self.ctx, self.lc, self.facts, self.as_of = ctx, lc, facts, as_of
        self.rules = [ctx.compile(t.when, facts=WHEN_FACTS) if t.when is not None else None
                      for t in lc.transitions]
        self.pay_rules = [ctx.compile(p.when, facts=PAY_FACTS) if p.when is not None else None
                          for p in lc.payments]
        self.status, self.since = lc.initial, None
        self.counters = {name: 0 for name in lc.counters}
        self.timeline: list[dict] = []
        self.items: list[Item] = []
        self.deadlines: list[dict] = []
        self.bans: list[dict] = []
        self.payments: list[dict] = []
        self.pending: list[tuple[dt.date, int, dict]] = []
        self.seen: dict[str, int] = {}

    # -- driving ----------------------------------------------------------------------------------------------
    def run(self, history) -> None:
        events = [h for h in history if h[0] <= self.as_of]
        i = 0
        while True:
            due = self.pending[0] if self.pending and self.pending[0][0] <= self.as_of else None
            if due is None and i >= len(events):
                break
            if due is not None and (i >= len(events) or due[0] <= events[i][0]):
                heapq.heappop(self.pending)
                self._expire(due[2])
            else:
                day, index, ev = events[i]
                self._event(day, ev, index)
                i += 1

    def _expire(self, d: dict) -> None:
        if d["state"] != "open":
            return
        ev = {"date": d["fires_on"].isoformat(), "event": d["on_expiry"], "deadline": d["key"]}
        entry = self._event(d["fires_on"], ev, None)
        d["state"] = "ended" if entry["result"] == "accepted" else "lapsed"
        d["effect"] = {"from": entry["status"], "to": entry["to"]} if entry["result"] == "accepted" else None

    # -- one event ---------------------------------------------------------------------------------------------
    def _event(self, day: dt.date, ev: dict, index: int | None) -> dict:
        name = ev["event"]
        entry = {"date": day, "event": name, "label": _label(self.lc.events, name),
                 "source": "history" if index is not None else "deadline", "index": index,
                 "deadline": ev.get("deadline"), "status": self.status}
        self.timeline.append(entry)
        if name not in self.lc.events:
            return self._refuse(entry, Message("lifecycle.undeclared_event", event=name).texts())
        counters = self._counted(name)
        data = {"counters": counters, "event": _plain(ev), "status": self.status}
        chosen = self._transition(name, data, day)
        if chosen is None:
            return self._refuse(entry, self._why(name))
        i, t = chosen
        old, self.counters = self.status, counters
        self.status = t.to
        if t.to != old:
            self.since = day
        entry.update(result="accepted", to=t.to, transition=i, counters=dict(counters),
                     citation=self.ctx.citation(t.cite))
        if index is not None:
            self.items.append(Item(key=f"{self.lc.history}/{index}", kind="event", label=entry["label"],
                                   path=f"lifecycle/{self.lc.history}/{index}", result="accepted",
                                   values={"date": day, "event": name}, citation=entry["citation"],
                                   detail={"from": old, "to": t.to, "counters": dict(counters)}))
        self._after(day, name, old, t.to, ev)
        return entry

    def _counted(self, name: str) -> dict[str, int]:
        out = dict(self.counters)
        for key, c in self.lc.counters.items():
            if name in c.reset:
                out[key] = 0
            if name in c.increment:
                out[key] += 1
        return out

    def _transition(self, name: str, data: dict, day: dt.date) -> tuple[int, Transition] | None:
        for i, t in enumerate(self.lc.transitions):
            if t.event != name or (t.from_ is not None and self.status not in t.from_):
                continue
            if self.rules[i] is None:
                return i, t
            try:
                if self.rules[i].truthy(data):
                    return i, t
            except RuleEvaluationError as e:
                raise PolicyError(f"lifecycle transitions[{i}] ({name} → {t.to}) failed on {day}: {e}") from None
        return None

    def _why(self, name: str) -> dict[str, str]:
        st = _label(self.lc.statuses, self.status)
        ev = _label(self.lc.events, name)
        if self._possible(name, self.status):
            return Message("lifecycle.no_condition_holds", status=st, event=ev).texts()
        allowed = [_label(self.lc.events, e) for e in self.lc.events if self._possible(e, self.status)]
        return Message("lifecycle.impossible_event", status=st, event=ev,
                       possible=allowed or Message("lifecycle.none")).texts()

    def _possible(self, event: str, status: str) -> bool:
        return any(t.event == event and (t.from_ is None or status in t.from_) for t in self.lc.transitions)

    def _refuse(self, entry: dict, reason: dict[str, str]) -> dict:
        synthetic = entry["index"] is None
        entry.update(result="ignored" if synthetic else "refused", reason=reason)
        if not synthetic:
            self.items.append(Item(key=f"{self.lc.history}/{entry['index']}", kind="event", label=entry["label"],
                                   path=f"lifecycle/{self.lc.history}/{entry['index']}", result="refused",
                                   values={"date": entry["date"], "event": entry["event"]},
                                   detail={"status": self.status, "reason": reason}))
        return entry

    # -- consequences of an accepted event ------------------------------------------------------------------
    def _after(self, day: dt.date, name: str, old: str, new: str, ev: dict) -> None:
        entered = new if new != old else None
        for d in self.lc.deadlines:
            if d.after == name and (d.on_expiry is None or self._possible(d.on_expiry, new)):
                self._open(d, day)
        for b in self.lc.bans:
            if entered in b.after:
                self._ban(b, day, ev)
        for p, rule in zip(self.lc.payments, self.pay_rules):
            if p.on == name or p.on == entered:
                data = {"counters": dict(self.counters), "event": _plain(ev), "status": new,
                        "facts": _plain(self.facts)}
                if rule is None or rule.truthy(data):
                    self._pay(p, day, ev)

    def _key(self, key: str) -> str:
        n = self.seen[key] = self.seen.get(key, 0) + 1
        return key if n == 1 else f"{key}#{n}"

    def _open(self, d, day: dt.date) -> None:
        unit = _unit(d)
        n = int(self.ctx.value(getattr(d, unit)))
        start_day = bool(self.ctx.value(d.count_start_day))
        ends = period_end(day, **{unit: n}, count_start_day=start_day, cal=self.ctx.calendar)
        for old in self.deadlines:
            if old["name"] == d.key and old["state"] == "open":
                old["state"] = "superseded"
        rec = {"key": self._key(d.key), "name": d.key, "label": dump(d.label), "after": d.after, "started": day,
               "length": {"unit": unit, "value": n, "parameter": self.ctx.ref_info(getattr(d, unit))},
               "count_start_day": start_day, "count_start_day_parameter": self._param_info(d.count_start_day),
               "ends": ends, "on_expiry": d.on_expiry,
               "fires_on": ends + dt.timedelta(days=1) if d.on_expiry else None, "state": "open",
               "citation": self.ctx.citation(d.cite)}
        if unit == "working_days":
            years = range(day.year, ends.year + 1)
            rec["calendar"] = "; ".join(dict.fromkeys(self.ctx.calendar.source(y) for y in years))
        self.deadlines.append(rec)
        if d.on_expiry:
            heapq.heappush(self.pending, (rec["fires_on"], len(self.deadlines), rec))

    def _param_info(self, value: Any) -> dict[str, Any] | None:
        """The parameter behind a `{param: name}` value (a boolean field is not parsed into a ParamRef)."""
        if isinstance(value, dict) and set(value) == {"param"}:
            return self.ctx.parameter_info(value["param"])
        return self.ctx.ref_info(value)

    def _ban(self, b, day: dt.date, ev: dict) -> None:
        unit = "years" if b.years is not None else "months"
        n = int(self.ctx.value(getattr(b, unit)))
        until = period_end(day, **{unit: n})
        scope = {b.scope: ev.get(b.scope, self.facts.get(b.scope))} if b.scope else {}
        who = ev.get(b.to, self.facts.get(b.to)) if b.to else None
        self.bans.append({"key": self._key(b.key), "label": dump(b.label), "status": self.status, "from": day,
                          "to": b.to, "who": who,
                          "until": until, "scope": scope, "length": {"unit": unit, "value": n,
                                                                     "parameter": self.ctx.ref_info(getattr(b, unit))},
                          "citation": self.ctx.citation(b.cite)})

    def _pay(self, p, day: dt.date, ev: dict) -> None:
        fact = self.ctx.round.facts.get(p.to) if p.to else None
        self.payments.append({"key": self._key(p.key), "label": dump(p.label), "date": day,
                              "amount": self.ctx.value(p.amount), "parameter": self.ctx.ref_info(p.amount),
                              "to": p.to, "to_label": dump(fact.label) if fact else None,
                              "recipient": ev.get(p.to, self.facts.get(p.to)) if p.to else None,
                              "citation": self.ctx.citation(p.cite)})

    # -- the answer -------------------------------------------------------------------------------------------
    def result(self) -> SectionResult:
        for d in self.deadlines:
            if d["state"] == "open" and d["ends"] < self.as_of and not d["on_expiry"]:
                d["state"] = "ended"
        for b in self.bans:
            b["active"] = b["from"] <= self.as_of <= b["until"]
        items = list(self.items)
        for d in self.deadlines:
            items.append(Item(key=d["key"], kind="deadline", label=d["label"], path=f"lifecycle/{d['key']}",
                              result=d["state"], parameter=d["length"]["parameter"], citation=d["citation"],
                              values={"started": d["started"], "ends": d["ends"], "fires_on": d["fires_on"]},
                              detail={k: d[k] for k in ("length", "count_start_day", "count_start_day_parameter",
                                                        "on_expiry")}))
        for b in self.bans:
            items.append(Item(key=b["key"], kind="ban", label=b["label"], path=f"lifecycle/{b['key']}",
                              result="active" if b["active"] else "ended",
                              parameter=b["length"]["parameter"], citation=b["citation"],
                              values={"from": b["from"], "until": b["until"], **b["scope"]}))
        for p in self.payments:
            items.append(Item(key=p["key"], kind="payment", label=p["label"], path=f"lifecycle/{p['key']}",
                              result="due", parameter=p["parameter"], citation=p["citation"],
                              values={"date": p["date"], "amount": p["amount"], "recipient": p["recipient"]},
                              detail={"to": p["to"]}))
        data = {"as_of": self.as_of, "status": self.status, "status_label": _label(self.lc.statuses, self.status),
                "since": self.since, "counters": dict(self.counters), "deadlines": self.deadlines,
                "bans": self.bans, "payments": self.payments, "timeline": self.timeline,
                "refused": [e for e in self.timeline if e.get("result") == "refused"]}
        return SectionResult(self.status, items=items, data=data)
