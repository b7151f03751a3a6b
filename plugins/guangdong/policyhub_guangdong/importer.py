"""Import the registry of IP public service institutions from CSV or Excel, all or nothing.

The columns, the allowed kinds and levels and the required fields come from the round's `institutions`
fact (its JSON Schema `items`), not from this module: a header may be the field key (`kind`), its `title`
(`类型`) or its bilingual `x-label`; a kind or level may be its key or its label. Every problem is reported
with its row number (the header is row 1), column and message, and nothing is written unless every row is
sound. Rows go to the generic `RegistryEntry` table (registry "guangdong-institutions").
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from policyhub.db.models import JurisdictionRow, RegistryEntry, SchemeRow
from policyhub.errors import PolicyError
from policyhub.registries import Registries, Scope

from .homes import home_of

REGISTRY = "guangdong-institutions"
SCHEME = "guangdong-ip-service-coverage"
FACT = "institutions"
POLICIES = Path(__file__).resolve().parent / "policies"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class ImportFailed(PolicyError):
    """Nothing was imported; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s), nothing imported:\n" + "\n".join(map(str, errors)))


@dataclass(frozen=True)
class Spec:
    """What a record must look like: the fact's item schema, the known region codes, the scheme's home."""

    schema: dict[str, Any]
    regions: frozenset[str]
    jurisdiction: str
    parents: Mapping[str, str | None] = field(default_factory=dict)          # region code -> parent region
    jurisdictions: frozenset[str] = frozenset()                             # every declared jurisdiction

    def home(self, region: str | None) -> str:
        """The jurisdiction keeping the entry of an institution serving `region` (`homes.home_of`)."""
        return home_of(region, self.parents, self.jurisdictions | {self.jurisdiction}, self.jurisdiction)

    @property
    def properties(self) -> dict[str, Any]:
        return self.schema.get("properties", {})


@lru_cache(maxsize=1)
def default_spec() -> Spec:
    """The spec of the current round of the Guangdong coverage scheme, read from this package's policies."""
    from policyhub.loader import load_folders

    return spec_of(load_folders([POLICIES]))


def spec_of(ps) -> Spec:
    """The spec of the current round of the Guangdong coverage scheme in policy set `ps`."""
    rnd = ps.round(SCHEME)
    regions = ps.regions[rnd.targets.regions].regions
    codes = {r.code for r in regions} | set(ps.jurisdictions)
    return Spec(rnd.facts[FACT].items or {}, frozenset(codes), ps.scheme(SCHEME).jurisdiction,
                {r.code: r.parent for r in regions}, frozenset(ps.jurisdictions))


# -- reading ----------------------------------------------------------------------------------------
def read_table(path: Path | str) -> list[list[Any]]:
    """The rows of a .csv (UTF-8, with or without BOM) or .xlsx file (its first sheet), header first."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path.read_bytes())
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise ImportFailed([RowError(0, "", f"unsupported file type '{path.suffix}': use .csv or .xlsx")])


def read_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailed([RowError(0, "", f"the CSV file is not UTF-8 ({e.reason} at byte {e.start})")]) from None
    return [row for row in csv.reader(io.StringIO(text))]


def read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


# -- checking -----------------------------------------------------------------------------------------
def _names(key: str, prop: dict[str, Any]) -> set[str]:
    label = prop.get("x-label") or {}
    return {n.strip().lower() for n in (key, prop.get("title"), label.get("zh"), label.get("en")) if n}


def header_map(header: list[Any], spec: Spec) -> tuple[dict[int, str], list[RowError]]:
    """Column index -> field key; unknown, repeated and missing required columns are errors on row 1."""
    by_name = {n: key for key, prop in spec.properties.items() for n in _names(key, prop)}
    out, errors, seen = {}, [], set()
    for i, cell in enumerate(header):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        key = by_name.get(text.lower())
        if key is None:
            errors.append(RowError(1, text, f"unknown column; expected one of {', '.join(spec.properties)}"))
        elif key in seen:
            errors.append(RowError(1, text, f"column for '{key}' appears twice"))
        else:
            seen.add(key)
            out[i] = key
    for key in spec.schema.get("required", []):
        if key not in seen:
            errors.append(RowError(1, key, "required column is missing"))
    return out, errors


LIST_SEPARATORS = re.compile(r"\s*[;,\n\uff1b\u3001\uff0c]\s*")     # ; , newline and their full-width forms
YES, NO = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


def _yes_no(text: str, prop: dict[str, Any]) -> bool | str:
    """true/false, yes/no, 1/0 or the field's own `x-value-labels` (e.g. 公开 / 草稿); else the text unchanged
    (the schema then refuses it)."""
    labels = prop.get("x-value-labels") or {}
    yes = YES | {v.lower() for v in (labels.get("true") or {}).values()}
    no = NO | {v.lower() for v in (labels.get("false") or {}).values()}
    return True if text in yes else False if text in no else text


def _cell(value: Any, prop: dict[str, Any]) -> Any:
    """A cell as the schema expects it: dates as ISO text, codes as text, enum labels as their keys, a list
    as its items (separated by ; or , in either width, or an enumeration comma), yes/no as a boolean."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if prop.get("type") == "array":
        return [_cell(v, prop.get("items") or {}) for v in LIST_SEPARATORS.split(str(value).strip()) if v]
    if prop.get("type") == "boolean" and not isinstance(value, bool):
        return _yes_no(str(value).strip().lower(), prop)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if prop.get("format") == "date" and "/" in text:
        try:
            return dt.datetime.strptime(text, "%Y/%m/%d").date().isoformat()
        except ValueError:
            return text
    labels = prop.get("x-enum-labels") or {}
    for key, label in labels.items():
        if text in (label.get("zh"), label.get("en")):
            return key
    return text


def check_rows(rows: list[list[Any]], spec: Spec) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Every data row as a record, with every problem (row number counts the header as row 1)."""
    if not rows:
        return [], [RowError(0, "", "the file is empty")]
    columns, errors = header_map(rows[0], spec)
    shown = {key: str(rows[0][i]).strip() for i, key in columns.items()}
    validator = Draft202012Validator(spec.schema, format_checker=FormatChecker())
    records, seen = [], {}
    for n, raw in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in raw):
            continue
        rec = {}
        for i, key in columns.items():
            value = _cell(raw[i] if i < len(raw) else None, spec.properties[key])
            if value is not None:
                rec[key] = value
        row_errors = []
        for e in validator.iter_errors(rec):
            if e.validator == "required":
                missing = [k for k in spec.schema.get("required", []) if k not in rec]
                row_errors += [RowError(n, shown.get(k, k), "a value is required") for k in missing]
                continue
            key = str(e.absolute_path[0]) if e.absolute_path else ""
            row_errors.append(RowError(n, shown.get(key, key), e.message))
        region = rec.get("region")
        if region is not None and region not in spec.regions and not any(r.column == shown.get("region")
                                                                         for r in row_errors):
            row_errors.append(RowError(n, shown.get("region", "region"), f"unknown region code '{region}'"))
        ident = (rec.get("name"), rec.get("kind"), rec.get("region"))
        if not row_errors and ident in seen:
            row_errors.append(RowError(n, shown.get("name", "name"),
                                       f"same name, kind and region as row {seen[ident]}"))
        seen.setdefault(ident, n)
        errors += row_errors
        records.append((n, rec))
    return records, errors


# -- writing ----------------------------------------------------------------------------------------
REGISTRY_COLUMN = RegistryEntry.__table__.c.registry
EVERYWHERE = Scope.everything()                 # the command line's scope: every jurisdiction the registry holds


@lru_cache(maxsize=1)
def default_registries() -> Registries:
    """The registries of this package's own policies (when no hub is given: the command line, tests)."""
    from policyhub.loader import load_folders

    return Registries(load_folders([POLICIES]))


def _identity(data: dict[str, Any]) -> tuple:
    return data.get("name"), data.get("kind"), data.get("region")


def natural_key(data: dict[str, Any]) -> str:
    """The entry's natural key: its name, kind and region (the database refuses a second entry with it)."""
    ident = json.dumps(_identity(data), ensure_ascii=False)
    return "institution:" + hashlib.sha256(ident.encode()).hexdigest()[:40]


def import_institutions(session: Session, path: Path | str | None = None, *, rows: list[list[Any]] | None = None,
                        replace: bool = False, spec: Spec | None = None, registries: Registries | None = None,
                        scope: Scope | None = None) -> int:
    """Check every row, then write them all in one transaction (or, on any problem, nothing).

    Every read and write goes through the core's scoped registry queries: `scope` is the importing
    official's jurisdictions (everything on the command line), further limited to the jurisdictions the
    registry holds. The import is its own transaction: it commits when every row is written and rolls the
    session back on any database error. `replace` first removes the registry's current entries within the
    scope (in the same transaction; rows of other jurisdictions stay); otherwise a row already in the
    registry (same name, kind and region) is an error. Returns the number of entries written.
    """
    spec = spec or default_spec()
    regs = registries or default_registries()
    scope = scope or EVERYWHERE
    table = rows if rows is not None else read_table(path)
    records, errors = check_rows(table, spec)
    if session.get(JurisdictionRow, spec.jurisdiction) is None or session.get(SchemeRow, SCHEME) is None:
        errors.insert(0, RowError(0, "", f"the database has no jurisdiction {spec.jurisdiction} or scheme "
                                         f"'{SCHEME}' yet: load the policies first"))
    elif not regs.scope(REGISTRY, scope).covers(spec.jurisdiction) or not regs.may_write(REGISTRY, spec.jurisdiction):
        errors.insert(0, RowError(0, "", f"the registry cannot be written under jurisdiction {spec.jurisdiction}"))
    existing = regs.entries(session, REGISTRY, scope, by="id")
    if not replace:
        known = {_identity(e.data or {}) for e in existing}
        errors += [RowError(n, "name", f"'{rec['name']}' is already in the registry")
                   for n, rec in records if _identity(rec) in known]
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.row, e.column)))
    try:
        new = [{"name": rec["name"], "jurisdiction": spec.home(rec.get("region")), "data": dict(rec),
                "natural_key": natural_key(rec)} for _, rec in records]
        if replace:
            regs.replace(session, REGISTRY, scope, new)
        else:
            for row in new:
                regs.add(session, REGISTRY, scope, name=row["name"], jurisdiction=row["jurisdiction"],
                         data=row["data"], natural_key=row["natural_key"])
        session.commit()
    except (IntegrityError, StaleDataError):
        session.rollback()           # another import wrote (or replaced) the same entries meanwhile
        raise ImportFailed(_concurrent_errors(session, records, regs, scope)) from None
    except Exception:
        session.rollback()
        raise
    return len(records)


def _concurrent_errors(session: Session, records: list[tuple[int, dict[str, Any]]], registries: Registries,
                       scope: Scope) -> list[RowError]:
    """Why the database refused the rows: those another import has saved meanwhile."""
    known = {_identity(r) for r in registries.records(session, REGISTRY, scope)}
    errors = [RowError(n, "name", f"'{rec['name']}' is already in the registry")
              for n, rec in records if _identity(rec) in known]
    return errors or [RowError(0, "", "another import changed the registry at the same moment")]


def institutions(session: Session, registries: Registries | None = None,
                 scope: Scope | None = None) -> list[dict[str, Any]]:
    """The registry as the `institutions` fact, oldest first: the rows of the jurisdictions the registry
    holds, within `scope`."""
    return (registries or default_registries()).records(session, REGISTRY, scope or EVERYWHERE)


def errors_table(errors: Iterable[RowError]) -> list[dict[str, Any]]:
    """Errors as rows for a page or a download."""
    return [{"row": e.row, "column": e.column, "message": e.message} for e in errors]
