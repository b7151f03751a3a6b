"""A small scheme kind defined outside policyhub, for the tests: a quota of some fact a round requires.

It is registered through the `policyhub_scheme_kinds` hook, as a third-party plugin would, and touches no
policyhub module. Its round section, as a round file writes it:

    quota:
      fact: seats
      at_least: {param: min_seats}
      label: {zh: ..., en: ...}
      cite: 第三条
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from policyhub import hookimpl
from policyhub.definitions import Cite, Label, Num, dump
from policyhub.evaluation import FAIL, PASS, UNDETERMINED, Item
from policyhub.evaluation.changes import comparison_step
from policyhub.kinds.base import SchemeKind


class Quota(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fact: str
    at_least: Num
    label: Label
    cite: Cite


class QuotaKind(SchemeKind):
    name = "quota"
    section = "quota"
    model = Quota | None

    def check(self, ctx, section):
        return [] if section.fact in ctx.round.facts else [("fact", f"fact '{section.fact}' is not declared")]

    def plan(self, ctx, section):
        return section, ctx.value(section.at_least)

    def evaluate(self, ctx, plan, facts, as_of, result):
        section, needed = plan
        value = facts.get(section.fact)
        outcome = UNDETERMINED if value is None else PASS if value >= needed else FAIL
        gap = None if outcome != FAIL else {"fact": section.fact, "operator": ">=", "needed": needed, "actual": value}
        result.add_items([Item(key="quota", kind="quota", label=dump(section.label), result=outcome, path="quota",
                               values={section.fact: value}, gap=gap, citation=ctx.citation(section.cite),
                               missing=[section.fact] if value is None else [])])
        result.set_section("quota", {"needed": needed, "value": value})
        if value is None:
            result.missing = sorted(set(result.missing) | {section.fact})
        return outcome

    def suggest(self, result_json, rnd, facts):
        out = []
        for it in result_json.get("items") or []:
            if it["kind"] == "quota" and it.get("gap"):
                g = it["gap"]
                out.append(comparison_step(facts, g["fact"], g["operator"], g["actual"], g["needed"]))
        return out


KIND = QuotaKind()


class Plugin:
    """The plugin that brings the kind (what a third-party package's entry point would name)."""

    @hookimpl
    def policyhub_scheme_kinds(self):
        return [KIND]
