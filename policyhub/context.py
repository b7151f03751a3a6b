"""Everything an evaluation of one round needs: parameters resolved, rules compiled, citations filled in."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .definitions import Cite, Jurisdiction, Parameter, ParamRef, Round, Scheme, dump
from .definitions.catalog import Document, Regions
from .definitions.workdays import WorkdaySchedule
from .errors import PolicyError
from .rules import CompiledRule, OperatorSet, compile_rule


@dataclass
class RoundContext:
    """A round with its scheme, jurisdiction chain and documents; compiles rules once."""

    round: Round
    scheme: Scheme
    chain: list[Jurisdiction]
    documents: dict[str, Document] = field(default_factory=dict)
    regions: dict[str, Regions] = field(default_factory=dict)
    workdays: dict[int, WorkdaySchedule] = field(default_factory=dict)
    operators: OperatorSet | None = None
    extra_facts: frozenset[str] = frozenset()

    @cached_property
    def calendar(self):
        """The working-day calendar: the package, and the policy set's schedules for the years it lacks."""
        from .workdays import WorkdayCalendar

        return WorkdayCalendar(self.workdays)

    # -- parameters -------------------------------------------------------------------------------
    @cached_property
    def parameter_sources(self) -> dict[str, tuple[Parameter, str]]:
        """Every parameter visible to the round, with where it is declared (round key or jurisdiction code)."""
        out: dict[str, tuple[Parameter, str]] = {}
        for j in reversed(self.chain):
            for name, p in j.parameters.items():
                out[name] = (p, j.code)
        for name, p in self.round.parameters.items():
            out[name] = (p, f"round:{self.round.key}")
        return out

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        return {n: p for n, (p, _) in self.parameter_sources.items()}

    @cached_property
    def parameter_values(self) -> dict[str, Any]:
        """Values as rules see them: dates become ISO strings (facts of type date are ISO strings too)."""
        return {n: p.value.isoformat() if isinstance(p.value, dt.date) else p.value
                for n, p in self.parameters.items()}

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise PolicyError(f"round '{self.round.key}' of '{self.scheme.key}' has no parameter '{name}'") from None

    def value(self, num: Any) -> Any:
        """A literal, or the value of a `{param: name}` reference."""
        if isinstance(num, ParamRef):
            return self.parameter(num.param).value
        if isinstance(num, dict) and set(num) == {"param"}:
            return self.parameter(num["param"]).value
        return num

    def parameter_info(self, name: str | None) -> dict[str, Any] | None:
        """A parameter as an explanation shows it."""
        if name is None or name not in self.parameters:
            return None
        p, source = self.parameter_sources[name]
        return {
            "name": name,
            "value": p.value,
            "unit": dump(p.unit) if p.unit else None,
            "label": dump(p.label),
            "assumption": p.assumption,
            "note": dump(p.note) if p.note else None,
            "declared_in": source,
            "citation": self.citation(p.cite),
        }

    def ref_info(self, num: Any) -> dict[str, Any] | None:
        return self.parameter_info(num.param) if isinstance(num, ParamRef) else None

    # -- facts and rules --------------------------------------------------------------------------
    @property
    def fact_names(self) -> frozenset[str]:
        return frozenset(self.round.facts) | self.extra_facts

    def compile(self, rule: Any, *, facts: frozenset[str] | None = None) -> CompiledRule:
        """Compile a rule with this round's parameter values (cached by the rule engine)."""
        return compile_rule(rule, parameters=self.parameter_values,
                            facts=self.fact_names if facts is None else facts, operators=self.operators)

    # -- citations ----------------------------------------------------------------------------------
    def citation(self, cite: Cite | None) -> dict[str, Any] | None:
        if cite is None:
            return None
        number = cite.doc or self.scheme.document
        doc = self.documents.get(number)
        out: dict[str, Any] = {"document": number, "ref": cite.ref}
        if doc is not None:
            out["title"] = dump(doc.title)
        return out

    # -- identity -------------------------------------------------------------------------------------
    @cached_property
    def digest(self) -> str:
        """Version of the round's whole configuration, parameters inherited included."""
        config = {k: v for k, v in dump(self.round).items() if k not in ("status", "version")}
        payload = {"round": config, "inherited": {n: dump(p) for n, p in self.parameters.items()}}
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def context_for(ps, rnd: Round, *, operators: OperatorSet | None = None) -> RoundContext:
    """The evaluation context of a round in a PolicySet."""
    scheme = ps.scheme(rnd.scheme)
    return RoundContext(round=rnd, scheme=scheme, chain=ps.chain(scheme.jurisdiction), documents=ps.documents,
                        regions=ps.regions, workdays=ps.workdays, operators=operators)
