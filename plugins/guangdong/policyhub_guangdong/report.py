"""The coverage status report as CSV or Excel: one row per target, and one row per city and target.

Input is an evaluation result of the coverage scheme (a `Result` or its JSON form); its `targets` section
(docs/targets.md) holds everything shown. CSV files are written as UTF-8 with a BOM so that Excel opens the
Chinese text correctly.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, TextIO

from policyhub.i18n import M_, Message, render
from policyhub.i18n.formats import datetime as format_datetime
from policyhub.safe_cells import append_row, csv_row

TARGET_COLUMNS = [
    ("key", M_("guangdong.report.key")),
    ("label", M_("guangdong.report.label")),
    ("status", M_("guangdong.report.status")),
    ("current", M_("guangdong.report.current")),
    ("comparison", M_("guangdong.report.comparison")),
    ("target", M_("guangdong.report.target")),
    ("unit", M_("guangdong.report.unit")),
    ("numerator", M_("guangdong.report.numerator")),
    ("denominator", M_("guangdong.report.denominator")),
    ("expected", M_("guangdong.report.expected")),
    ("deadline", M_("guangdong.report.deadline")),
    ("gap", M_("guangdong.report.gap")),
    ("note", M_("guangdong.report.note")),
    ("citation", M_("guangdong.report.citation")),
]
CITY_COLUMNS = [
    ("city_code", M_("guangdong.report.city_code")),
    ("city", M_("guangdong.report.city")),
    ("key", M_("guangdong.report.key")),
    ("label", M_("guangdong.report.label")),
    ("in_scope", M_("guangdong.report.in_scope")),
    ("covered", M_("guangdong.report.covered")),
    ("percent", M_("guangdong.report.percent")),
    ("count", M_("guangdong.report.count")),
]


def heading(code: str, lang: str) -> str:
    """A column or sheet heading (a message code of this plugin's catalog) in `lang`."""
    return render(Message(code), lang)


def _section(result: Any) -> dict[str, Any]:
    data = result.to_json() if hasattr(result, "to_json") else result
    try:
        return data["sections"]["targets"]
    except KeyError:
        raise ValueError("the result has no targets section") from None


def _text(label: Any, lang: str) -> Any:
    return label.get(lang) if isinstance(label, dict) else label


def target_rows(result: Any, lang: str = "zh") -> list[dict[str, Any]]:
    """One row per target, in the language asked for."""
    rows = []
    for t in _section(result)["targets"]:
        cite = t.get("citation") or {}
        rows.append({
            "key": t["key"], "label": _text(t["label"], lang), "status": _text(t["status_label"], lang),
            "current": t["current"], "comparison": t["comparison"], "target": t["target"],
            "unit": _text(t.get("unit"), lang), "numerator": t["numerator"], "denominator": t["denominator"],
            "expected": t["expected"], "deadline": t["deadline"],
            "gap": _text((t.get("gap") or {}).get("text"), lang), "note": _text(t.get("note"), lang),
            "citation": " ".join(filter(None, [cite.get("document"), cite.get("ref")])),
        })
    return rows


def city_rows(result: Any, lang: str = "zh") -> list[dict[str, Any]]:
    """One row per city and target the city has a part in."""
    section = _section(result)
    labels = {t["key"]: _text(t["label"], lang) for t in section["targets"]}
    rows = []
    for area in section["areas"]:
        for key, cell in area["cells"].items():
            rows.append({"city_code": area["code"], "city": _text(area["name"], lang), "key": key,
                         "label": labels.get(key), "in_scope": cell.get("in_scope"), "covered": cell.get("covered"),
                         "percent": cell.get("percent"), "count": cell.get("count")})
    return rows


def _write(rows: list[dict[str, Any]], columns, fh: TextIO, lang: str) -> None:
    w = csv.writer(fh)
    w.writerow(csv_row(heading(c[1], lang) for c in columns))
    for r in rows:
        w.writerow(csv_row("" if r[k] is None else r[k] for k, _ in columns))


def write_csv(result: Any, path: Path | str, *, lang: str = "zh", cities: bool = False) -> Path:
    """The target report (or, with `cities`, the per-city report) as a CSV file."""
    path = Path(path)
    rows, columns = (city_rows(result, lang), CITY_COLUMNS) if cities else (target_rows(result, lang), TARGET_COLUMNS)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        _write(rows, columns, fh, lang)
    return path


def write_xlsx(result: Any, path: Path | str, *, lang: str = "zh") -> Path:
    """Both reports in one workbook: sheet 1 the targets, sheet 2 the cities."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    section = _section(result)
    wb = Workbook()
    sheets = [(wb.active, M_("guangdong.report.sheet_targets"), target_rows(result, lang), TARGET_COLUMNS),
              (wb.create_sheet(), M_("guangdong.report.sheet_cities"), city_rows(result, lang), CITY_COLUMNS)]
    for ws, title, rows, columns in sheets:
        ws.title = heading(title, lang)
        append_row(ws, [heading(c[1], lang) for c in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in rows:
            append_row(ws, [r[k] for k, _ in columns])
        ws.freeze_panes = "A2"
    info = wb.create_sheet(heading(M_("guangdong.report.sheet_about"), lang))
    append_row(info, [heading(M_("guangdong.report.as_of"), lang), section.get("as_of")])
    append_row(info, [heading(M_("guangdong.report.generated"), lang),
                      format_datetime(dt.datetime.now(dt.timezone.utc))])
    wb.save(path)
    return path


def evaluate_registry(session, as_of: dt.date, *, hub=None, scope=None):
    """Evaluate the coverage scheme on the institutions the database holds within `scope` (default: every
    jurisdiction the registry holds), through the core's scoped registry query."""
    from policyhub.registries import Scope, evaluate_records

    from .importer import REGISTRY, SCHEME

    if hub is None:
        from policyhub.hub import Hub

        from .importer import POLICIES
        hub = Hub.from_folders([POLICIES])
    records = hub.registries.records(session, REGISTRY, scope or Scope.everything())
    return evaluate_records(hub, SCHEME, records, as_of)
