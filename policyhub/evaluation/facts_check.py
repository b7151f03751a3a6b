"""A round's facts checked fast: per-fact checks built once per round, the JSON Schema validator only for doubt.

`validate_facts` (policyhub.evaluation.facts) builds a JSON Schema validator for a round and runs it; that costs
more than evaluating the round. `FactsCheck` is built once per round (the evaluator keeps one) and checks each
given fact with a few comparisons prepared from its definition. It accepts only values the round's JSON Schema
surely accepts; anything else (a wrong type, a value out of range, an unknown fact, a float for an integer, a
value its nested schema must judge) goes to the round's JSON Schema validator, built once, which gives the
answer and the located errors exactly as `validate_facts` does.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ..definitions import Round
from ..errors import FactsError
from ..i18n import Message
from .facts import errors_of, fact_schema, normalise, round_schema

# the classes a JSON Schema type surely accepts (bool is not an integer or a number; a float that is a whole
# number is an integer to JSON Schema, and goes to the validator)
_CLASSES = {"boolean": (bool,), "integer": (int,), "number": (int, float), "string": (str,), "date": (str,),
            "array": (list,), "object": (dict,)}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# keywords of an array's item schema the fast check understands (the rest are annotations, or need the validator)
_SCALAR_KEYS = frozenset({"type", "minimum", "maximum", "enum", "format", "title", "description"})
_NORMALISED = frozenset({str, int, float, bool})


_VALID_DATES: set[str] = set()     # dates seen valid (applicants' dates repeat), at most _KEEP of them
_KEEP = 4096


def _valid_date(v: str) -> bool:
    """Whether `v` is a date as JSON Schema's `date` format wants it (YYYY-MM-DD, a real day)."""
    try:
        ok = bool(_DATE.fullmatch(v)) and dt.date.fromisoformat(v) is not None
    except ValueError:
        return False
    if ok and len(_VALID_DATES) < _KEEP:
        _VALID_DATES.add(v)
    return ok


class _Spec:
    """What a value must be: one of `classes`, within `lo`..`hi`, in `enum`, a date when `date`."""

    __slots__ = ("classes", "lo", "hi", "enum", "date", "items", "nested")

    def __init__(self, classes: tuple[type, ...], lo: Any = None, hi: Any = None, enum: Any = None,
                 date: bool = False):
        self.classes, self.lo, self.hi, self.date = classes, lo, hi, date
        # only string members are compared here (JSON Schema's enum equality is subtler for the rest)
        self.enum = None if enum is None else frozenset(e for e in enum if e.__class__ is str)
        self.items: _Spec | None = None      # an array of scalars: each item's spec
        self.nested = None                   # a nested schema: its validator's `is_valid`

    def ok(self, v: Any) -> bool:
        """Whether the schema surely accepts `v` (False: the validator decides)."""
        if v.__class__ not in self.classes:
            return False
        if self.lo is not None and not v >= self.lo:
            return False
        if self.hi is not None and not v <= self.hi:
            return False
        if self.enum is not None and v not in self.enum:
            return False
        if self.date:
            return v in _VALID_DATES or _valid_date(v)
        if self.items is not None:
            ok = self.items.ok
            for x in v:
                if not ok(x):
                    return False
            return True
        if self.nested is not None:
            return self.nested(v)
        return True


def _scalar(schema: dict[str, Any]) -> _Spec | None:
    """The spec of a plain item schema ({"type": "number", "minimum": 0}), None when it holds more."""
    if not isinstance(schema, dict) or not schema.keys() <= _SCALAR_KEYS or schema.get("type") not in _CLASSES \
            or schema["type"] in ("array", "object", "date"):
        return None
    fmt = schema.get("format")
    if fmt is not None and (fmt != "date" or schema["type"] != "string"):
        return None
    numeric = schema["type"] in ("integer", "number")
    return _Spec(_CLASSES[schema["type"]], schema.get("minimum") if numeric else None,
                 schema.get("maximum") if numeric else None, schema.get("enum"), fmt == "date")


class FactsCheck:
    """`check(facts)`: the facts normalised (dates as ISO strings, nulls dropped), or FactsError with every
    problem located, as `validate_facts(rnd, facts)` returns or raises."""

    def __init__(self, rnd: Round):
        self.round = rnd
        self._validator: Draft202012Validator | None = None
        self.specs: dict[str, _Spec] = {}
        for name, fact in rnd.facts.items():
            numeric = fact.type in ("integer", "number")
            spec = _Spec(_CLASSES[fact.type], fact.minimum if numeric else None, fact.maximum if numeric else None,
                         fact.enum, fact.type == "date")
            if fact.enum is None and name == "category" and rnd.categories:
                # a `category` fact without its own enum takes the round's categories (see round_schema)
                spec.enum = frozenset(c.key for c in rnd.categories)
            if fact.items is not None:
                spec.items = _scalar(fact.items)
            if (fact.items is not None and spec.items is None) or fact.properties is not None:
                spec.nested = Draft202012Validator(fact_schema(fact), format_checker=FormatChecker()).is_valid
            self.specs[name] = spec
        # the specs the common case reads without a call: classes only, a number's range, a string's enum
        self.classes: dict[str, tuple[type, ...]] = {}
        self.ranges: dict[str, tuple[tuple[type, ...], Any, Any]] = {}
        self.enums: dict[str, frozenset[str]] = {}
        for name, spec in self.specs.items():
            if spec.date or spec.items is not None or spec.nested is not None:
                continue
            if spec.enum is not None:
                if spec.lo is None and spec.hi is None and str in spec.classes:
                    self.enums[name] = spec.enum
            elif spec.lo is None and spec.hi is None:
                self.classes[name] = spec.classes
            elif str not in spec.classes:
                self.ranges[name] = (spec.classes, -math.inf if spec.lo is None else spec.lo,
                                     math.inf if spec.hi is None else spec.hi)

    @property
    def validator(self) -> Draft202012Validator:
        """The round's JSON Schema validator, built when first needed."""
        if self._validator is None:
            self._validator = Draft202012Validator(round_schema(self.round), format_checker=FormatChecker())
        return self._validator

    def __call__(self, facts: Any) -> dict[str, Any]:
        if facts.__class__ is not dict:
            if not isinstance(facts, dict):
                raise FactsError([{"path": "", "message": Message("facts.not_an_object")}])
            facts = dict(facts)
        # the common case first: every value plain, present and surely valid (one lookup or two per fact)
        classes, ranges, enums, specs = self.classes, self.ranges, self.enums, self.specs
        for k, v in facts.items():
            c = classes.get(k)
            if c is not None:
                if v.__class__ in c:
                    continue
                break
            r = ranges.get(k)
            if r is not None:
                if v.__class__ in r[0] and r[1] <= v <= r[2]:
                    continue
                break
            e = enums.get(k)
            if e is not None:
                if v.__class__ is str and v in e:
                    continue
                break
            s = specs.get(k)
            if s is None or not s.ok(v):
                break
        else:
            return facts.copy()
        return self._normalised(facts)

    def _normalised(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Dates as ISO strings and nulls dropped, then checked; the validator for anything in doubt."""
        out = {}
        specs = self.specs
        sure = True
        for k, v in facts.items():
            if v is None:
                continue
            if v.__class__ not in _NORMALISED:
                v = normalise(v)
            out[k] = v
            if sure:
                spec = specs.get(k)
                if spec is None or not spec.ok(v):
                    sure = False
        if sure:
            return out
        errors = errors_of(self.round, out, self.validator)
        if errors:
            raise FactsError(errors)
        return out
