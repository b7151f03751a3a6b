"""Lifecycle: statuses and transitions driven by a dated history of events."""
from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from ...definitions.common import Cite, Label, Num, Strict
from ...i18n import Message


class Named(Strict):
    label: Label
    cite: Cite | None = None


class Counter(Strict):
    increment: list[str]
    reset: list[str] = []


class Transition(Strict):
    event: str
    to: str
    from_: list[str] | None = Field(default=None, alias="from")
    when: Any = None
    cite: Cite | None = None


class Deadline(Strict):
    key: str
    label: Label
    after: str
    working_days: Num | None = None
    days: Num | None = None
    months: Num | None = None
    years: Num | None = None
    count_start_day: bool | Any = False
    on_expiry: str | None = None
    cite: Cite | None = None

    @model_validator(mode="after")
    def _one_length(self) -> "Deadline":
        given = [k for k in ("working_days", "days", "months", "years") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(Message("model.deadline_length", key=self.key))
        return self


class Ban(Strict):
    key: str
    label: Label
    after: list[str]
    years: Num | None = None
    months: Num | None = None
    scope: str | None = None
    to: str | None = None           # the event field (or fact) naming who is banned
    cite: Cite | None = None


class Payment(Strict):
    key: str
    label: Label
    on: str
    amount: Num
    to: str | None = None
    when: Any = None                # a rule over {counters, event, status, facts}: pay only when it holds
    cite: Cite | None = None


class Lifecycle(Strict):
    history: str
    initial: str
    statuses: dict[str, Named]
    events: dict[str, Named]
    counters: dict[str, Counter] = {}
    transitions: list[Transition]
    deadlines: list[Deadline] = []
    bans: list[Ban] = []
    payments: list[Payment] = []

    def reference_problems(self) -> list[str]:
        """Statuses and events that are used but not declared."""
        out = []
        if self.initial not in self.statuses:
            out.append(f"initial status '{self.initial}' is not declared")
        for i, t in enumerate(self.transitions):
            if t.event not in self.events:
                out.append(f"transitions[{i}]: event '{t.event}' is not declared")
            for s in [t.to, *(t.from_ or [])]:
                if s not in self.statuses:
                    out.append(f"transitions[{i}]: status '{s}' is not declared")
        for name, c in self.counters.items():
            for e in [*c.increment, *c.reset]:
                if e not in self.events:
                    out.append(f"counters.{name}: event '{e}' is not declared")
        for d in self.deadlines:
            if d.after not in self.events:
                out.append(f"deadline '{d.key}': event '{d.after}' is not declared")
            if d.on_expiry and d.on_expiry not in self.events:
                out.append(f"deadline '{d.key}': on_expiry event '{d.on_expiry}' is not declared")
        for b in self.bans:
            for s in b.after:
                if s not in self.statuses:
                    out.append(f"ban '{b.key}': status '{s}' is not declared")
        for p in self.payments:
            if p.on not in self.statuses and p.on not in self.events:
                out.append(f"payment '{p.key}': '{p.on}' is neither a status nor an event")
        return out
