"""The screening page's counts in the database: the compiled round's rows grouped by region, category, outcome,
whether facts are missing, how many criteria and mandatory groups fail and whether the score is short of the pass
mark, so that a million enterprises come back as a few hundred groups rather than a million rows."""

from __future__ import annotations

from typing import Any, Iterator

from sqlglot import exp

from .plans import only_sheet, sheet_by_category


def _text_empty(col: exp.Expression) -> exp.Expression:
    return exp.Or(this=exp.Is(this=col, expression=exp.Null()),
                  expression=exp.EQ(this=col, expression=exp.Literal.string("")))


def _count_items(col: exp.Expression) -> exp.Expression:
    """How many comma-separated keys a text column holds ("a,b," and "a,b" hold two; empty holds none)."""
    commas = exp.Sub(this=exp.Length(this=col),
                     expression=exp.Length(this=exp.Anonymous(this="REPLACE", expressions=[
                         col, exp.Literal.string(","), exp.Literal.string("")])))
    last = exp.Case(ifs=[exp.If(this=exp.Like(this=col, expression=exp.Literal.string("%,")),
                                true=exp.Literal.number(0))], default=exp.Literal.number(1))
    return exp.Case(ifs=[exp.If(this=_text_empty(col), true=exp.Literal.number(0))],
                    default=exp.Add(this=commas, expression=last))


def _short(ev) -> exp.Expression:
    """1 when the row's score is below its sheet's pass mark, else 0 (0 for rounds without a pass mark)."""
    score = exp.column("score")

    def below(plan) -> exp.Expression:
        mark = exp.Literal.number(plan.pass_mark)
        return exp.LT(this=score, expression=mark) if (plan.pass_comparison or ">=") == ">=" else \
            exp.LTE(this=score, expression=mark)

    one, zero = exp.Literal.number(1), exp.Literal.number(0)
    only = only_sheet(ev)
    if only is not None:
        plans = {None: only} if only.pass_mark is not None else {}
    else:
        plans = {k: p for k, p in sheet_by_category(ev).items() if p.pass_mark is not None}
    ifs = []
    for category, plan in plans.items():
        cond = below(plan)
        if category is not None:
            cond = exp.And(this=exp.EQ(this=exp.column("category"), expression=exp.Literal.string(str(category))),
                           expression=cond)
        ifs.append(exp.If(this=cond, true=one))
    return exp.Case(ifs=ifs, default=zero) if ifs else zero


def grouped(store, ev, query: exp.Select) -> Iterator[dict[str, Any]]:
    """One dict per group of the screened rows: region, category, outcome, has_missing, failing (count), short,
    n."""
    inner = exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier("counted")))
    has_missing = exp.Case(ifs=[exp.If(this=_text_empty(exp.column("missing")), true=exp.Literal.number(0))],
                           default=exp.Literal.number(1))
    keys = [("region", exp.column("region")), ("category", exp.column("category")),
            ("outcome", exp.column("outcome")), ("has_missing", has_missing),
            ("failing", _count_items(exp.column("failing"))), ("short", _short(ev))]
    keyed = exp.Subquery(this=exp.select(*[exp.alias_(e, k) for k, e in keys]).from_(inner),
                         alias=exp.TableAlias(this=exp.to_identifier("keyed")))
    names = [exp.column(k) for k, _ in keys]
    sql = exp.select(*names, exp.alias_(exp.Count(this=exp.Star()), "n")).from_(keyed).group_by(*names)
    for r in store.execute(sql.sql(dialect=store.dialect)):
        yield dict(zip([k for k, _ in keys] + ["n"], r))


__all__ = ["grouped"]
