"""The checklist kind: eligibility criteria (the round's `criteria`), a tree of all/any groups of rules."""
from __future__ import annotations

from ...hookspecs import hookimpl
from ..base import SchemeKind
from . import check, evaluate, suggest
from .model import Criterion


class Checklist(SchemeKind):
    """Criteria that must all (or any) hold; each leaf a rule with its citation."""

    name = "checklist"
    section = "criteria"
    model = Criterion | None
    item_kinds = ("all", "any", "criterion")
    page_rows = "criteria"

    def check(self, ctx, section):
        return check.check(ctx, section)

    def plan(self, ctx, section):
        nodes = evaluate.plan(ctx, section)
        return section, nodes, evaluate.fuse(ctx, section, nodes)

    def evaluate(self, ctx, plan, facts, as_of, result):
        root, nodes, fused = plan
        return evaluate.decide(ctx, root, nodes, fused, facts, result)

    def row_depth(self, item):
        return str(item.get("path") or "").count("/")

    def suggest(self, result_json, rnd, facts):
        return suggest.suggest(result_json, facts)


KIND = Checklist()


@hookimpl
def policyhub_scheme_kinds():
    return [KIND]


@hookimpl
def policyhub_init_app(app, pm):
    """The checklist's part of the portal's result page (its template folder)."""
    from .portal import bp

    app.register_blueprint(bp)
