"""Import a population file: map columns, convert and validate every row against the schemes' fact schemas,
then store all rows in one transaction (or none, with every error located by row and column)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import fastjsonschema

from ..errors import PolicyError
from ..evaluation.facts import fact_schema
from ..i18n import Message
from ..policyset import PolicySet
from .columns import ID, NAME, REGION, RESERVED, Column, columns_of_rounds
from .mapping import Mapping
from .readers import read_rows, row_keys
from .store import PopulationStore

MAX_ERRORS = 50
_TRUE = {"true", "1", "yes", "y", "是", "有", "t"}
_FALSE = {"false", "0", "no", "n", "否", "无", "f"}


class PopulationImportError(PolicyError):
    """The file was not imported; `errors` lists (row, column, message), nothing was stored."""

    def __init__(self, errors: list[tuple[int | None, str | None, str]], more: bool = False):
        self.errors = errors
        self.more = more
        lines = [
            f"row {r}, column {c}: {m}"
            if r is not None and c
            else (f"row {r}: {m}" if r is not None else (f"column {c}: {m}" if c else m))
            for r, c, m in errors
        ]
        if more:
            lines.append(f"(more errors not shown; the first {len(errors)} are listed)")
        super().__init__("population not imported, nothing stored:\n  " + "\n  ".join(lines))


@dataclass
class FactRules:
    """The population's columns and, per column, the compiled validators of every fact schema declaring it."""

    columns: dict[str, Column]
    validators: dict[str, list[Callable[[Any], Any]]] = field(default_factory=dict)


def fact_rules(ps: PolicySet) -> FactRules:
    """Columns and validators from every round of every scheme."""
    rounds = [r for key in sorted(ps.schemes) for r in ps.rounds_of(key)]
    columns, conflicts = columns_of_rounds(rounds)
    if conflicts:
        raise PolicyError("facts declared with different types: " + "; ".join(conflicts))
    seen: dict[str, set[str]] = {}
    out = FactRules(columns)
    for rnd in rounds:
        for name, fact in rnd.facts.items():
            schema = {
                k: v
                for k, v in fact_schema(fact).items()
                if not k.startswith("x-") and k not in ("title", "description")
            }
            text = json.dumps(schema, sort_keys=True)
            if text in seen.setdefault(name, set()):
                continue
            seen[name].add(text)
            out.validators.setdefault(name, []).append(fastjsonschema.compile(schema, formats={"date": _iso_date}))
    return out


def _iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


def convert(col: Column, value: Any) -> Any:
    """A cell as the fact's JSON value: strings from CSV parsed, Excel dates as ISO dates; None for empty.

    Raises ValueError with a message for what cannot be read."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = col.kind
    if isinstance(value, str):
        value = value.strip()
    elif isinstance(value, decimal.Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        s = str(value).strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise ValueError(Message("population.import.not_yes_no", value=str(value)))
    if kind in ("int", "num"):
        if isinstance(value, bool):
            raise ValueError(f"'{value}' is not a number")
        try:
            x = float(value) if isinstance(value, str) else value
        except ValueError:
            raise ValueError(f"'{value}' is not a number") from None
        if isinstance(x, float) and x.is_integer():
            x = int(x)
        if kind == "int" and not isinstance(x, int):
            raise ValueError(f"'{value}' is not a whole number")
        return x
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)
    if kind in ("list", "json"):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                if kind == "list":
                    parts = [p.strip() for p in value.replace("；", ";").split(";") if p.strip()]
                    return [convert(Column(col.name, col.item or "str"), p) for p in parts]
                raise ValueError("not JSON") from None
        if isinstance(value, tuple):
            value = list(value)
        if kind == "list" and isinstance(value, list) and col.item:
            value = [
                convert(Column(col.name, col.item), v) if not isinstance(v, str) or col.item == "str" else v
                for v in value
            ]
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _message(e: fastjsonschema.JsonSchemaValueException) -> str:
    return e.message.replace("data ", "value ", 1) if e.message.startswith("data ") else e.message


def validated_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
    rules: FactRules,
    mapping: Mapping,
    id_column: str,
    errors: list,
    counter: Callable[[], None] | None = None,
) -> Iterator[dict]:
    """Convert and check each row; yield the good ones and append (row, column, message) for the bad.

    The columns are checked once, on the first row: an unknown column is an error of the whole file."""
    seen_ids: dict[str, int] = {}
    header_checked = False
    for n, raw in rows:
        if counter is not None:
            counter()
        row = mapping.apply(raw)
        if not header_checked:
            header_checked = True
            unknown = sorted(c for c in row if c not in rules.columns and c not in RESERVED and c != id_column)
            for c in unknown:
                errors.append((None, c, "not a fact of any scheme (rename it with a mapping file, or drop it)"))
            if id_column not in row:
                errors.append((None, id_column, "the identifier column is missing (use --id COLUMN)"))
            if errors:
                return
        out: dict[str, Any] = {}
        ident = row.get(id_column)
        ident = convert(Column(ID, "str"), ident) if ident is not None else None
        if not ident:
            errors.append((n, id_column, "no identifier"))
        elif ident in seen_ids:
            errors.append((n, id_column, f"identifier '{ident}' repeats row {seen_ids[ident]}"))
        else:
            seen_ids[ident] = n
        out[ID] = ident
        bad = False
        for c, v in row.items():
            if c == id_column or c in (ID,) and id_column != ID:
                continue
            if c in (NAME, REGION):
                out[c] = convert(Column(c, "str"), v)
                continue
            col = rules.columns.get(c)
            if col is None:
                continue
            try:
                value = convert(col, v)
            except ValueError as e:
                errors.append((n, c, str(e)))
                bad = True
                continue
            if value is None:
                continue
            for validate in rules.validators.get(c, ()):
                try:
                    validate(value)
                except fastjsonschema.JsonSchemaValueException as e:
                    errors.append((n, c, _message(e)))
                    bad = True
                    break
            out[c] = value
        if len(errors) >= MAX_ERRORS:
            return
        if not bad and ident:
            yield out


def import_file(
    store: PopulationStore,
    ps: PolicySet,
    path: str | Path,
    *,
    name: str,
    replace: bool = False,
    id_column: str = ID,
    mapping: Mapping | None = None,
    counter: Callable[[], None] | None = None,
) -> int:
    """Import a file as population `name`; all rows or none. Returns the number of rows stored."""
    mapping = mapping or Mapping()
    id_column = mapping.id or id_column
    rules = fact_rules(ps)
    rows = read_rows(path)
    errors: list = []

    # the file's own columns decide the table's columns: read the header first
    first = next(rows, None)
    if first is None:
        raise PopulationImportError([(None, None, f"{Path(path).name} holds no rows")])
    keys = row_keys(path)          # JSON Lines: the union of every row's keys, not the first row's alone
    head = mapping.apply(first[1] if keys is None else dict.fromkeys(keys))
    columns = {c: rules.columns[c] for c in head if c in rules.columns and c != id_column}
    for c in (NAME, REGION):
        if c in head:
            columns[c] = Column(c, "str")

    def chained():
        yield first
        yield from rows

    good = validated_rows(chained(), rules, mapping, id_column, errors, counter)

    class _Abort(Exception):
        pass

    def checked():
        yield from good
        if errors:
            raise _Abort

    try:
        return store.replace(name, columns, checked(), source=Path(path).name, replace=replace)
    except _Abort:
        raise PopulationImportError(errors[:MAX_ERRORS], more=len(errors) >= MAX_ERRORS) from None
