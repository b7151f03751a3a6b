"""A round's checklist and score sheets compiled to one SQL query over a population table.

The query returns one row per enterprise: id, region, category, outcome ('pass', 'fail', 'undetermined'),
score, score_lo, score_hi, failing (criteria and mandatory groups that fail, comma-separated, in the
explanation's order) and missing (the facts the per-record evaluator would list as missing, sorted).
Three-valued logic is SQL's own: a criterion whose facts are not all known is NULL (undetermined), `all` is
AND, `any` is OR, exactly as the per-record evaluator combines them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from sqlglot import exp

from ..evaluation.evaluate import Evaluator
from .columns import CATEGORY, ID, REGION, Column
from .plans import criteria_plan, only_sheet, sheet_plans
from .sql_rules import RuleCompiler, Typed, Uncompilable
from .tables import table_ref

OUTPUT = ("id", "region", "category", "outcome", "score", "score_lo", "score_hi", "failing", "missing")
_SECTIONS_NOT_COMPILED = ("lifecycle", "funding", "targets", "tasks")


@dataclass
class RoundQuery:
    """The compiled query of a round for one dialect, or the reasons it could not be compiled."""

    scheme: str
    round: str
    dialect: str
    query: exp.Select | None
    fallback: list[str] = field(default_factory=list)  # "criterion or indicator: reason"

    @property
    def compiled(self) -> bool:
        return self.query is not None

    def sql(self, pretty: bool = False) -> str:
        """The SQL text in the dialect."""
        if self.query is None:
            raise Uncompilable("; ".join(self.fallback))
        return self.query.sql(dialect=self.dialect, pretty=pretty)


def _col(alias: str) -> exp.Column:
    return exp.column(alias)


def _null_guard(reads: list[str], columns: Mapping[str, Column], value: exp.Expression) -> exp.Expression:
    """NULL when a read fact is NULL (undetermined), else `value`."""
    if any(r not in columns for r in reads):
        return exp.Null()
    if not reads:
        return value
    cond = None
    for r in sorted(reads):
        isnull = exp.Is(this=exp.column(r, quoted=True), expression=exp.Null())
        cond = isnull if cond is None else exp.Or(this=cond, expression=isnull)
    return exp.Case(ifs=[exp.If(this=cond, true=exp.Null())], default=value)


def _and(parts: list[exp.Expression]) -> exp.Expression:
    out = parts[0]
    for p in parts[1:]:
        out = exp.And(this=exp.Paren(this=out), expression=exp.Paren(this=p))
    return exp.Paren(this=out)


def _or(parts: list[exp.Expression]) -> exp.Expression:
    out = parts[0]
    for p in parts[1:]:
        out = exp.Or(this=exp.Paren(this=out), expression=exp.Paren(this=p))
    return exp.Paren(this=out)


def _concat(parts: list[exp.Expression]) -> exp.Expression:
    if not parts:
        return exp.Literal.string("")
    out = parts[0]
    for p in parts[1:]:
        out = exp.DPipe(this=out, expression=p, safe=True)
    return out


def _tag(cond: exp.Expression, text: str) -> exp.Expression:
    return exp.Case(ifs=[exp.If(this=cond, true=exp.Literal.string(text + ","))], default=exp.Literal.string(""))


def _num(v: Any) -> exp.Expression:
    if isinstance(v, float) and not v.is_integer():
        return exp.Literal.number(repr(v))
    return exp.Literal.number(int(v))


class _Builder:
    def __init__(self, ev: Evaluator, columns: Mapping[str, Column], dialect: str):
        self.ev, self.columns, self.dialect = ev, columns, dialect
        self.integral = True  # every indicator gives whole points: sums need no rounding
        self.compiler = RuleCompiler(columns, dialect)
        self.level1: list[exp.Expression] = []
        self.fallback: list[str] = []

    def add1(self, alias: str, value: exp.Expression) -> exp.Column:
        self.level1.append(exp.alias_(value, alias))
        return _col(alias)

    # -- checklist -------------------------------------------------------------------------------------
    def checklist(self):
        """(three-valued checklist expression, leaves [(key, column)], fact -> missing condition parts)."""
        rnd = self.ev.ctx.round
        plan = criteria_plan(self.ev)
        leaves: list[tuple[str, exp.Column]] = []
        missing: dict[str, list[exp.Expression]] = {}

        def visit(c, any_guards: list[exp.Expression]) -> exp.Expression:
            node = plan[c.key]
            if c.rule is not None:
                reads = sorted(node.reads)
                try:
                    cond = self.compiler.condition(node.rule.resolved)
                except Uncompilable as e:
                    self.fallback.append(f"{c.key}: {e}")
                    cond = exp.Null()
                col = self.add1(f"c{len(leaves)}", _null_guard(reads, self.columns, cond))
                leaves.append((c.key, col))
                for r in reads:
                    isnull = (
                        exp.Is(this=exp.column(r, quoted=True), expression=exp.Null())
                        if r in self.columns
                        else exp.Boolean(this=True)
                    )
                    missing.setdefault(r, []).append(_and([isnull, *any_guards]) if any_guards else isnull)
                return col
            if c.any is not None:
                # a passed `any` no longer needs what its branches miss: computed after its children
                start = {f: len(v) for f, v in missing.items()}
                kids = [visit(k, any_guards) for k in c.children]
                node_sql = _or(kids)
                not_passed = exp.Not(
                    this=exp.Paren(this=exp.Coalesce(this=node_sql, expressions=[exp.Boolean(this=False)]))
                )
                for f, v in missing.items():
                    for k in range(start.get(f, 0), len(v)):
                        v[k] = _and([v[k], not_passed])
                return node_sql
            return _and([visit(k, any_guards) for k in c.children])

        root = visit(rnd.criteria, [])
        return root, leaves, missing

    # -- score sheets ------------------------------------------------------------------------------------
    def points(self, sp, n: int) -> list[tuple[exp.Column, float]]:
        """Level-1 point columns of a sheet's indicators, with their maxima."""
        ctx = self.ev.ctx
        from ..kinds.scoresheet.evaluate import _within_max

        points = []
        for k, p in enumerate(sp.indicators):
            key = f"{sp.sheet.key}/{p.indicator.key}"
            try:
                t: Typed = self.compiler.number(p.rule.resolved)
            except Uncompilable as e:
                self.fallback.append(f"{key}: {e}")
                t = Typed(exp.Null(), "int")
            mx = p.indicator.max
            value = t.sql
            if t.kind != "int" or not float(mx).is_integer():
                self.integral = False
            if not _within_max(ctx, p.indicator):
                value = exp.Greatest(
                    this=exp.Literal.number(0), expressions=[exp.Least(this=_num(mx), expressions=[value])]
                )
            col = self.add1(f"p{n}_{k}", _null_guard(sorted(p.reads), self.columns, value))
            points.append((col, mx))
        return points

    def sheet(self, sp, points):
        """The level-2 sums of a sheet: (lo, hi, [(group, lo, hi)])."""

        def total(cols, hi: bool) -> exp.Expression:
            if not cols:
                return exp.Literal.number(0)
            parts = [exp.Coalesce(this=c, expressions=[_num(mx if hi else 0)]) for c, mx in cols]
            out = parts[0]
            for p in parts[1:]:
                out = exp.Add(this=out, expression=p)
            return self.rounded(out)

        mandatory = [(g, total(points[a:b], False), total(points[a:b], True)) for g, a, b, _ in sp.mandatory]
        return total(points, False), total(points, True), mandatory

    def rounded(self, value: exp.Expression) -> exp.Expression:
        if self.integral:
            return value
        if self.dialect == "postgres":
            inner = exp.Round(
                this=exp.Cast(this=value, to=exp.DataType.build("DECIMAL")), decimals=exp.Literal.number(6)
            )
            return exp.Cast(this=inner, to=exp.DataType.build("DOUBLE"))
        return exp.Round(this=value, decimals=exp.Literal.number(6))


def _passes(total: exp.Expression, mark: Any, comparison: str | None) -> exp.Expression:
    if mark is None:
        return exp.Boolean(this=True)
    cls = exp.GTE if comparison == ">=" else exp.GT
    return cls(this=total, expression=_num(mark))


def compile_round(ev: Evaluator, columns: Mapping[str, Column], dialect: str, table: str) -> RoundQuery:
    """Compile the round of `ev` over `table` (whose columns are `columns`) for `dialect`."""
    ctx, rnd = ev.ctx, ev.ctx.round
    rq = RoundQuery(ctx.scheme.key, rnd.key, dialect, None)
    sections = [s for s in _SECTIONS_NOT_COMPILED if getattr(rnd, s)]
    if sections:
        rq.fallback.append(f"sections {', '.join(sections)}: evaluated record by record")
        return rq
    if not rnd.criteria and not rnd.score_sheets:
        rq.fallback.append("nothing to compile")
        return rq
    b = _Builder(ev, columns, dialect)

    outcome_parts: list[exp.Expression] = []
    fail_tags: list[exp.Expression] = []
    missing: dict[str, list[exp.Expression]] = {}
    if rnd.criteria:
        root, leaves, missing = b.checklist()
        outcome_parts.append(root)
        fail_tags += [_tag(exp.Not(this=col), key) for key, col in leaves]

    score_lo = score_hi = None
    if sheet_plans(ev):
        cat_col = exp.column(CATEGORY, quoted=True) if CATEGORY in columns else exp.Null()
        # every indicator's points first: whether sums need rounding depends on all their types
        points = [(sp, b.points(sp, n)) for n, sp in enumerate(sheet_plans(ev).values())]
        sheets = [(sp, *b.sheet(sp, pts)) for sp, pts in points]
        outcomes, los, his, fails = [], [], [], []
        for sp, lo, hi, mandatory in sheets:
            m_pass = [exp.GTE(this=g_lo, expression=_num(g.max)) for g, g_lo, _ in mandatory]
            m_fail = [exp.LT(this=g_hi, expression=_num(g.max)) for g, _, g_hi in mandatory]
            if sp.pass_mark is None and not mandatory:
                verdict: exp.Expression = exp.Boolean(this=True)
            else:
                ok = _and([_passes(lo, sp.pass_mark, sp.pass_comparison), *m_pass])
                ko = _or([exp.Not(this=exp.Paren(this=_passes(hi, sp.pass_mark, sp.pass_comparison))), *m_fail])
                verdict = exp.Case(
                    ifs=[exp.If(this=ok, true=exp.Boolean(this=True)), exp.If(this=ko, true=exp.Boolean(this=False))],
                    default=exp.Null(),
                )
            outcomes.append(verdict)
            los.append(lo)
            his.append(hi)
            fails.append(_concat([_tag(cond, g.key) for (g, _, _), cond in zip(mandatory, m_fail)]))
            for f in sorted(sp.reads):
                isnull = (
                    exp.Is(this=exp.column(f, quoted=True), expression=exp.Null())
                    if f in columns
                    else exp.Boolean(this=True)
                )
                missing.setdefault(f, []).append(
                    isnull
                    if only_sheet(ev) is not None
                    else _and([exp.EQ(this=cat_col, expression=exp.Literal.string(sp.sheet.category)), isnull])
                )
        if only_sheet(ev) is not None:
            pick = lambda values: values[0]  # noqa: E731
        else:
            missing.setdefault(CATEGORY, []).append(exp.Is(this=cat_col, expression=exp.Null()))

            def pick(values):
                return exp.Case(
                    ifs=[
                        exp.If(this=exp.EQ(this=cat_col, expression=exp.Literal.string(sp.sheet.category)), true=v)
                        for (sp, *_), v in zip(sheets, values)
                    ],
                    default=exp.Null(),
                )

        outcome_parts.append(pick(outcomes))
        score_lo, score_hi = pick(los), pick(his)
        fail_tags.append(
            pick(fails)
            if only_sheet(ev) is not None
            else exp.Coalesce(this=pick(fails), expressions=[exp.Literal.string("")])
        )
    if b.fallback:
        rq.fallback = b.fallback
        return rq

    outcome = _and(outcome_parts) if len(outcome_parts) > 1 else outcome_parts[0]
    outcome_text = exp.Case(
        ifs=[
            exp.If(this=outcome, true=exp.Literal.string("pass")),
            exp.If(this=exp.Not(this=exp.Paren(this=outcome)), true=exp.Literal.string("fail")),
        ],
        default=exp.Literal.string("undetermined"),
    )
    missing_sql = _concat([_tag(_or(parts), f) for f, parts in sorted(missing.items())])
    passthrough = [
        exp.alias_(
            exp.column(c, quoted=True)
            if c == ID or (c in columns and (c != CATEGORY or c in rnd.facts))
            else exp.Null(),
            c,
        )
        for c in (ID, REGION, CATEGORY)
    ]
    inner = exp.select(
        *passthrough,
        *b.level1,
        *[exp.column(c, quoted=True) for c in sorted(columns) if c not in (ID, REGION, CATEGORY)],
    ).from_(table_ref(table))
    nul = exp.Null()
    score = score_lo if score_lo is not None else nul
    outer = exp.select(
        exp.column(ID),
        exp.column(REGION),
        exp.column(CATEGORY),
        exp.alias_(outcome_text, "outcome"),
        exp.alias_(
            exp.Case(ifs=[exp.If(this=exp.EQ(this=score_lo, expression=score_hi), true=score_lo)], default=nul)
            if score_lo is not None
            else nul,
            "score",
        ),
        exp.alias_(score if score_lo is not None else nul, "score_lo"),
        exp.alias_(score_hi if score_hi is not None else nul, "score_hi"),
        exp.alias_(_concat(fail_tags), "failing"),
        exp.alias_(missing_sql, "missing"),
    ).from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("l"))))
    rq.query = outer
    return rq
