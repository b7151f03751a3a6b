"""JsonLogic rules compiled to SQLGlot expressions, for DuckDB, PostgreSQL, SQLite and Spark SQL.

A rule is compiled from its resolved form (parameters already substituted) against typed population columns.
The compiler covers the operators the bundled policies use and their close relatives; anything else raises
`Uncompilable` with the reason, and the caller evaluates that rule record by record instead.

Semantics follow the engine (docs/rules-semantics.md): truthiness as JsonLogic ("" 0 [] null false are false),
strings compare as strings, numbers as numbers. Facts the rule reads are never NULL inside the compiled
expression: the caller guards every rule with "a read fact is NULL -> undetermined", as the per-record
evaluator does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from sqlglot import exp

from .columns import Column

DIALECTS = ("duckdb", "postgres", "sqlite", "spark")
NUMERIC = frozenset({"int", "num"})
_COMPARE = {
    "==": exp.EQ,
    "===": exp.EQ,
    "!=": exp.NEQ,
    "!==": exp.NEQ,
    ">": exp.GT,
    ">=": exp.GTE,
    "<": exp.LT,
    "<=": exp.LTE,
}
_SQL_TYPES = {"int": "BIGINT", "num": "DOUBLE", "bool": "BOOLEAN", "str": "TEXT"}


class Uncompilable(Exception):
    """A rule the SQL compiler does not cover; the message says which part."""


@dataclass(frozen=True)
class Typed:
    """A compiled value and its type: bool, int, num, str, date, list (with `item`), null."""

    sql: exp.Expression
    kind: str
    item: str | None = None


def _literal(value: Any) -> Typed:
    if value is None:
        return Typed(exp.Null(), "null")
    if isinstance(value, bool):
        return Typed(exp.Boolean(this=value), "bool")
    if isinstance(value, int):
        return Typed(exp.Literal.number(value), "int")
    if isinstance(value, float):
        return Typed(exp.Literal.number(repr(value)), "num")
    if isinstance(value, str):
        return Typed(exp.Literal.string(value), "str")
    raise Uncompilable(f"literal {value!r}")


def _func(name: str, *args: exp.Expression) -> exp.Expression:
    return exp.Anonymous(this=name, expressions=list(args))


class RuleCompiler:
    """Compile resolved JsonLogic to SQLGlot for one dialect over the given columns.

    `columns` maps fact names to their Column; `column_sql(name)` gives the expression that reads a column
    (a plain quoted column by default).
    """

    def __init__(
        self, columns: Mapping[str, Column], dialect: str, column_sql: Callable[[str], exp.Expression] | None = None
    ):
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; one of {', '.join(DIALECTS)}")
        self.columns = columns
        self.dialect = dialect
        self.column_sql = column_sql or (lambda name: exp.column(name, quoted=True))

    # -- entry points -------------------------------------------------------------------------------
    def condition(self, rule: Any) -> exp.Expression:
        """The rule as a SQL boolean: its JsonLogic truthiness."""
        return self.truthy(self.value(rule, {}))

    def number(self, rule: Any) -> Typed:
        """The rule as a SQL number (int or num)."""
        t = self.value(rule, {})
        if t.kind not in NUMERIC:
            raise Uncompilable(f"rule gives {t.kind}, not a number")
        return t

    # -- values --------------------------------------------------------------------------------------
    def value(self, node: Any, scope: dict[str, Typed]) -> Typed:
        if isinstance(node, list):
            raise Uncompilable("an array outside `in`")
        if not isinstance(node, dict):
            return _literal(node)
        if len(node) != 1:
            raise Uncompilable("an object that is not one operator")
        ((op, args),) = node.items()
        if not isinstance(args, list):
            args = [args]
        handler = _OPERATORS.get(op)
        if handler is None:
            raise Uncompilable(f"operator {op!r}")
        return handler(self, args, scope)

    def truthy(self, t: Typed) -> exp.Expression:
        """JsonLogic truthiness of a typed value as a SQL boolean."""
        if t.kind == "bool":
            return t.sql
        if t.kind in NUMERIC:
            return exp.NEQ(this=t.sql, expression=exp.Literal.number(0))
        if t.kind in ("str", "date"):
            return exp.NEQ(this=t.sql, expression=exp.Literal.string(""))
        if t.kind == "list":
            return exp.GT(this=self.list_length(t.sql), expression=exp.Literal.number(0))
        if t.kind == "null":
            return exp.Boolean(this=False)
        raise Uncompilable(f"truthiness of {t.kind}")

    # -- lists, per dialect ----------------------------------------------------------------------------
    def list_length(self, sql: exp.Expression) -> exp.Expression:
        name = {"duckdb": "LEN", "postgres": "JSONB_ARRAY_LENGTH", "sqlite": "JSON_ARRAY_LENGTH", "spark": "SIZE"}[
            self.dialect
        ]
        return _func(name, sql)

    def _element(self, item: str) -> tuple[exp.Expression, Typed]:
        """(FROM source builder input, the element as a typed value) for dialects that unnest lists."""
        if self.dialect == "sqlite":
            return exp.column("value"), Typed(exp.column("value"), item)
        raw = exp.column("x", table="t")
        if item in ("int", "num", "bool"):
            cast = {"int": "BIGINT", "num": "DOUBLE PRECISION", "bool": "BOOLEAN"}[item]
            return raw, Typed(exp.Cast(this=raw, to=exp.DataType.build(cast, dialect="postgres")), item)
        return raw, Typed(raw, item)

    def _unnest_from(self, lst: exp.Expression) -> exp.Expression:
        if self.dialect == "sqlite":
            return exp.Table(this=_func("JSON_EACH", lst))
        return exp.Table(
            this=_func("JSONB_ARRAY_ELEMENTS_TEXT", lst),
            alias=exp.TableAlias(this=exp.to_identifier("t"), columns=[exp.to_identifier("x")]),
        )

    def list_sum(self, lst: Typed, body: Callable[[Typed], Typed]) -> Typed:
        """The sum over a list fact of body(element); 0 for an empty list."""
        item = lst.item or "num"
        if self.dialect in ("duckdb", "spark"):
            var = exp.to_identifier("x")
            elem = Typed(exp.column("x"), item)
            b = body(elem)
            if b.kind not in NUMERIC:
                raise Uncompilable("reduce that does not add numbers")
            lam_body = b.sql
            if self.dialect == "duckdb":
                total = _func(
                    "LIST_SUM", _func("LIST_TRANSFORM", lst.sql, exp.Lambda(this=lam_body, expressions=[var]))
                )
                return Typed(exp.Coalesce(this=total, expressions=[exp.Literal.number(0)]), b.kind)
            acc = exp.to_identifier("acc")
            zero = exp.Cast(this=exp.Literal.number(0), to=exp.DataType.build(_SQL_TYPES[b.kind], dialect="spark"))
            merge = exp.Lambda(
                this=exp.Add(
                    this=exp.column("acc"),
                    expression=exp.Cast(
                        this=exp.Paren(this=lam_body), to=exp.DataType.build(_SQL_TYPES[b.kind], dialect="spark")
                    ),
                ),
                expressions=[acc, var],
            )
            return Typed(_func("AGGREGATE", lst.sql, zero, merge), b.kind)
        _, elem = self._element(item)
        b = body(elem)
        if b.kind not in NUMERIC:
            raise Uncompilable("reduce that does not add numbers")
        total = exp.Coalesce(this=exp.Sum(this=b.sql), expressions=[exp.Literal.number(0)])
        query = exp.select(total).from_(self._unnest_from(lst.sql))
        return Typed(exp.Subquery(this=query), b.kind)

    def list_contains(self, lst: Typed, needle: Typed) -> exp.Expression:
        if self.dialect == "duckdb":
            return _func("LIST_CONTAINS", lst.sql, needle.sql)
        if self.dialect == "spark":
            return _func("ARRAY_CONTAINS", lst.sql, needle.sql)
        _, elem = self._element(lst.item or needle.kind)
        query = (
            exp.select(exp.Literal.number(1))
            .from_(self._unnest_from(lst.sql))
            .where(exp.EQ(this=elem.sql, expression=needle.sql))
        )
        return exp.Exists(this=query)


# -- operators -------------------------------------------------------------------------------------------
def _var(c: RuleCompiler, args: list, scope: dict[str, Typed]) -> Typed:
    if len(args) != 1 or not isinstance(args[0], str) or not args[0]:
        raise Uncompilable("`var` with a default or a path that is not a fact name")
    name = args[0]
    if name in scope:
        return scope[name]
    col = c.columns.get(name)
    if col is None:
        raise Uncompilable(f"fact {name!r} is not a population column")
    if col.kind == "json":
        raise Uncompilable(f"fact {name!r} holds objects")
    return Typed(c.column_sql(name), col.kind, col.item)


def _comparable(a: Typed, b: Typed, op: str) -> None:
    kinds = {a.kind, b.kind}
    if kinds <= NUMERIC or kinds <= {"str", "date"} or kinds == {"bool"}:
        if op in (">", ">=", "<", "<=") and kinds == {"str"}:
            raise Uncompilable("ordering of strings that are not dates")
        if op in (">", ">=", "<", "<=") and kinds == {"bool"}:
            raise Uncompilable("ordering of booleans")
        return
    raise Uncompilable(f"comparison of {a.kind} with {b.kind}")


def _compare(op: str):
    def build(c: RuleCompiler, args: list, scope) -> Typed:
        vals = [c.value(a, scope) for a in args]
        if len(vals) == 3 and op in ("<", "<="):
            _comparable(vals[0], vals[1], op)
            _comparable(vals[1], vals[2], op)
            cls = _COMPARE[op]
            return Typed(
                exp.And(
                    this=cls(this=vals[0].sql, expression=vals[1].sql),
                    expression=cls(this=vals[1].sql, expression=vals[2].sql),
                ),
                "bool",
            )
        if len(vals) != 2:
            raise Uncompilable(f"{op!r} with {len(vals)} arguments")
        _comparable(vals[0], vals[1], op)
        return Typed(_COMPARE[op](this=vals[0].sql, expression=vals[1].sql), "bool")

    return build


def _logic(op: str):
    def build(c: RuleCompiler, args: list, scope) -> Typed:
        vals = [c.value(a, scope) for a in args]
        if not vals:
            raise Uncompilable(f"{op!r} without arguments")
        if any(v.kind != "bool" for v in vals):
            # JsonLogic returns one of the values; only booleans keep that a boolean
            raise Uncompilable(f"{op!r} over values that are not booleans")
        cls = exp.And if op == "and" else exp.Or
        out = vals[0].sql
        for v in vals[1:]:
            out = cls(this=exp.Paren(this=out), expression=exp.Paren(this=v.sql))
        return Typed(exp.Paren(this=out), "bool")

    return build


def _not(c: RuleCompiler, args: list, scope) -> Typed:
    return Typed(exp.Not(this=exp.Paren(this=c.truthy(c.value(args[0], scope)))), "bool")


def _notnot(c: RuleCompiler, args: list, scope) -> Typed:
    return Typed(exp.Paren(this=c.truthy(c.value(args[0], scope))), "bool")


def _merge_kinds(kinds: list[str]) -> str:
    kinds = [k for k in kinds]
    if set(kinds) <= NUMERIC:
        return "num" if "num" in kinds else "int"
    if len(set(kinds)) == 1:
        return kinds[0]
    raise Uncompilable(f"branches of types {sorted(set(kinds))}")


def _if(c: RuleCompiler, args: list, scope) -> Typed:
    if len(args) < 2:
        raise Uncompilable("`if` without branches")
    ifs, values = [], []
    pairs = len(args) // 2
    for k in range(pairs):
        cond = c.truthy(c.value(args[2 * k], scope))
        v = c.value(args[2 * k + 1], scope)
        values.append(v)
        ifs.append((cond, v))
    default = c.value(args[-1], scope) if len(args) % 2 else _literal(None)
    kind = _merge_kinds([v.kind for v in values] + ([default.kind] if default.kind != "null" else []))
    case = exp.Case(ifs=[exp.If(this=cond, true=v.sql) for cond, v in ifs], default=default.sql)
    return Typed(case, kind)


def _arith(op: str):
    def build(c: RuleCompiler, args: list, scope) -> Typed:
        vals = [c.value(a, scope) for a in args]
        if not vals or any(v.kind not in NUMERIC for v in vals):
            raise Uncompilable(f"{op!r} over values that are not numbers")
        kind = "num" if any(v.kind == "num" for v in vals) else "int"
        if op == "-" and len(vals) == 1:
            return Typed(exp.Neg(this=exp.Paren(this=vals[0].sql)), kind)
        if op == "/":
            if len(vals) != 2 or not isinstance(args[1], (int, float)) or args[1] == 0:
                raise Uncompilable("division by anything but a non-zero number")
            num = exp.Cast(this=vals[0].sql, to=exp.DataType.build("DOUBLE"))
            return Typed(exp.Div(this=num, expression=vals[1].sql), "num")
        cls = {"+": exp.Add, "*": exp.Mul, "-": exp.Sub}[op]
        out = vals[0].sql
        for v in vals[1:]:
            out = cls(this=exp.Paren(this=out), expression=exp.Paren(this=v.sql))
        return Typed(exp.Paren(this=out), kind)

    return build


def _minmax(op: str):
    def build(c: RuleCompiler, args: list, scope) -> Typed:
        vals = [c.value(a, scope) for a in args]
        if not vals or any(v.kind not in NUMERIC for v in vals):
            raise Uncompilable(f"{op!r} over values that are not numbers")
        kind = "num" if any(v.kind == "num" for v in vals) else "int"
        if len(vals) == 1:
            return vals[0]
        cls = exp.Least if op == "min" else exp.Greatest
        # every argument is known here (reads are guarded), so the NULL handling of LEAST/GREATEST never applies
        return Typed(cls(this=vals[0].sql, expressions=[v.sql for v in vals[1:]]), kind)

    return build


def _in(c: RuleCompiler, args: list, scope) -> Typed:
    if len(args) != 2:
        raise Uncompilable("`in` needs two arguments")
    needle = c.value(args[0], scope)
    hay = args[1]
    if isinstance(hay, list):
        items = [_literal(v) for v in hay]
        if not items:
            return Typed(exp.Boolean(this=False), "bool")
        for it in items:
            _comparable(needle, it, "==")
        return Typed(exp.In(this=needle.sql, expressions=[it.sql for it in items]), "bool")
    hay_t = c.value(hay, scope)
    if hay_t.kind == "list":
        if hay_t.item is None:
            raise Uncompilable("`in` a list of unknown items")
        _comparable(needle, Typed(exp.Null(), hay_t.item), "==")
        return Typed(c.list_contains(hay_t, needle), "bool")
    raise Uncompilable(f"`in` a {hay_t.kind}")


def _reduce(c: RuleCompiler, args: list, scope) -> Typed:
    """reduce(list, acc + f(current), init): the sum of f over the list, plus init."""
    if len(args) != 3:
        raise Uncompilable("`reduce` without an initial value")
    lst = c.value(args[0], scope)
    if lst.kind != "list":
        raise Uncompilable("`reduce` over something that is not a list fact")
    body = args[1]
    init = c.value(args[2], scope)
    if init.kind not in NUMERIC:
        raise Uncompilable("`reduce` that does not start from a number")
    if not (isinstance(body, dict) and list(body) == ["+"] and isinstance(body["+"], list) and len(body["+"]) == 2):
        raise Uncompilable("`reduce` that is not a sum")
    a, b = body["+"]
    acc = {"var": "accumulator"}
    if a == acc:
        term = b
    elif b == acc:
        term = a
    else:
        raise Uncompilable("`reduce` that is not a sum")
    if "accumulator" in repr(term):
        raise Uncompilable("`reduce` whose term reads the accumulator")
    total = c.list_sum(lst, lambda elem: c.value(term, {**scope, "current": elem}))
    kind = "num" if "num" in (total.kind, init.kind) else "int"
    return Typed(exp.Paren(this=exp.Add(this=init.sql, expression=total.sql)), kind)


_OPERATORS: dict[str, Callable[[RuleCompiler, list, dict], Typed]] = {
    "var": _var,
    "if": _if,
    "?:": _if,
    "!": _not,
    "!!": _notnot,
    "and": _logic("and"),
    "or": _logic("or"),
    "+": _arith("+"),
    "-": _arith("-"),
    "*": _arith("*"),
    "/": _arith("/"),
    "min": _minmax("min"),
    "max": _minmax("max"),
    "in": _in,
    "reduce": _reduce,
    **{op: _compare(op) for op in _COMPARE},
}

COMPILED_OPERATORS = frozenset(_OPERATORS)
"""The JsonLogic operators the SQL compiler covers."""
