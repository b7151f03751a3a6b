"""Screening: one applicant profile checked against many schemes, closest first.

The one screening function of policyhub: the portal's screener, `POST /api/v1/screen` and `policyhub screen`
all call `screen`. Each scheme is evaluated on its public round (`public_round`) with the facts it declares.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from .definitions import Round
from .errors import FactsError, NoRoundInForce, PolicyError
from .evaluation.result import FAIL, PASS, UNDETERMINED, Result

OFFICIAL = "official"


def public_rounds(hub, scheme: str) -> list[Round]:
    """A scheme's rounds applicants may see: every round but drafts, or the current round when a scheme has
    nothing else (drafts are officials' work in progress)."""
    ps = hub.policyset
    rounds = [r for r in ps.rounds_of(scheme) if r.status != "draft"]
    if rounds:
        return rounds
    try:
        return [ps.round(scheme)]
    except PolicyError:
        return []


def public_round(hub, scheme: str, round_key: str | None = None, as_of: dt.date | None = None) -> Round:
    """A public round of a scheme: the named one, else the round in force on `as_of` (today by default;
    NoRoundInForce before the first); PolicyError names what is unknown."""
    if scheme not in hub.policyset.schemes:
        raise PolicyError(f"unknown scheme '{scheme}'")
    rounds = public_rounds(hub, scheme)
    if round_key is None:
        current = hub.policyset.round_in_force(scheme, as_of or dt.date.today())
        if current in rounds:
            return current
        if not rounds:
            raise PolicyError(f"scheme '{scheme}' has no public round")
        return rounds[-1]
    for r in rounds:
        if r.key == round_key:
            return r
    raise PolicyError(f"scheme '{scheme}' has no round '{round_key}'")


def screened_schemes(hub) -> list[str]:
    """Schemes an applicant can be screened for: not addressed to officials only, with a public round."""
    out = []
    for key, s in sorted(hub.policyset.schemes.items()):
        if s.audience and set(s.audience) == {OFFICIAL}:
            continue
        try:
            public_round(hub, key)
        except PolicyError:
            continue
        out.append(key)
    return out


def known_facts(hub, keys: Iterable[str]) -> set[str]:
    """Every fact the schemes' public rounds declare."""
    names: set[str] = set()
    for key in keys:
        names.update(public_round(hub, key).facts)
    return names


@dataclass
class Screened:
    """One scheme's answer for the profile: the result, or the errors of the facts it was given."""

    scheme: str
    round: str
    given: dict[str, Any]
    result: Result | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rank(self) -> tuple:
        """Pass first, then undetermined with the fewest missing facts, then fail with the fewest things to
        change, then other statuses, then errors; by scheme key within each."""
        res = self.result
        if res is None:
            return (4, 0, self.scheme)
        if res.outcome == PASS:
            return (0, 0, self.scheme)
        if res.outcome == UNDETERMINED:
            return (1, len(res.missing), self.scheme)
        if res.outcome == FAIL:
            return (2, sum(1 for s in res.suggestions if s["kind"] != "provide"), self.scheme)
        return (3, 0, self.scheme)

    def to_json(self) -> dict[str, Any]:
        """{scheme, round, given, result} or {scheme, round, given, errors}; the result with its suggestions."""
        out: dict[str, Any] = {"scheme": self.scheme, "round": self.round, "given": self.given}
        if self.result is None:
            out["errors"] = self.errors
        else:
            out["result"] = self.result.to_json()
        return out


def screen(hub, facts: dict[str, Any], *, schemes: Iterable[str] | None = None,
           as_of: dt.date | None = None) -> list[Screened]:
    """Check one profile against schemes (by default every screened scheme), closest first. Each scheme gets
    the facts its round declares; facts it refuses are that scheme's errors, not the screening's."""
    out = []
    for key in (screened_schemes(hub) if schemes is None else schemes):
        try:
            rnd = public_round(hub, key, as_of=as_of)
        except NoRoundInForce as e:
            out.append(Screened(scheme=key, round="", given={}, errors=[{"path": "as_of", "message": str(e)}]))
            continue
        given = {k: v for k, v in facts.items() if k in rnd.facts}
        entry = Screened(scheme=key, round=rnd.key, given=given)
        try:
            entry.result = hub.evaluate(key, given, round=rnd.key, as_of=as_of)
        except FactsError as e:
            entry.errors = e.errors
        except PolicyError as e:
            entry.errors = [{"path": "", "message": str(e)}]
        out.append(entry)
    out.sort(key=lambda e: e.rank)
    return out
