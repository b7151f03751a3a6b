"""Move policy definitions between a PolicySet and the database, as canonical JSON documents."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..definitions import Cases, Document, Jurisdiction, Regions, Round, Scheme
from ..policyset import PolicySet
from .calendar_days import calendar_stamp, load_schedules, save_schedules
from .loadlog import LoadLog, LoadReport
from .models import CasesRow, DocumentRow, JurisdictionRow, RegionsRow, RoundRow, SchemeRow


def to_json(model) -> dict[str, Any]:
    """Canonical JSON-safe form (dates as ISO strings) for a JSON column."""
    return model.model_dump(mode="json", exclude_defaults=True, by_alias=True)


def save_policyset(session: Session, ps: PolicySet, *, replace: bool = False,
                   actor: str = "system") -> LoadReport:
    """Load the files' definitions into the database without undoing what officials did there.

    New definitions are inserted. A stored jurisdiction that differs from the files is brought up to date
    unless it was edited in the back office; with `replace`, so are documents, schemes, regions and draft
    rounds (and the cases are reloaded). A published or archived round and a back-office edit are never
    changed: they are reported as conflicts. Every insert and update is written to the audit log as the
    action "load" by `actor`, in the same transaction (the caller commits).
    """
    report = LoadReport()
    log = LoadLog(session, actor, report)
    pending = dict(ps.jurisdictions)
    while pending:  # parents first
        for code, j in list(pending.items()):
            if j.parent is None or j.parent not in pending:
                row = session.get(JurisdictionRow, code)
                values = dict(key=j.key, parent_code=j.parent, name_zh=j.name.zh, name_en=j.name.en,
                              data=to_json(j))
                if row is None:
                    log.insert("jurisdictions", JurisdictionRow(code=code, **values), code, code)
                else:
                    log.update("jurisdictions", row, values, code, code)
                del pending[code]
        session.flush()
    for number, d in ps.documents.items():
        row = session.get(DocumentRow, number)
        values = dict(jurisdiction_code=d.jurisdiction, data=to_json(d))
        if row is None:
            log.insert("documents", DocumentRow(number=number, **values), number, d.jurisdiction)
        elif replace:
            log.update("documents", row, values, number, d.jurisdiction)
    for key, s in ps.schemes.items():
        row = session.get(SchemeRow, key)
        values = dict(jurisdiction_code=s.jurisdiction, data=to_json(s))
        if row is None:
            log.insert("schemes", SchemeRow(key=key, **values), key, s.jurisdiction)
        elif replace:
            log.update("schemes", row, values, key, s.jurisdiction)
    for key, r in ps.regions.items():
        row = session.get(RegionsRow, key)
        if row is None:
            log.insert("regions", RegionsRow(key=key, data=to_json(r)), key, None)
        elif replace:
            log.update("regions", row, dict(data=to_json(r)), key, None)
    save_schedules(session, log, ps.workdays, replace)
    session.flush()
    for (scheme, key), r in ps.rounds.items():
        row = session.scalar(select(RoundRow).where(RoundRow.scheme_key == scheme, RoundRow.key == key))
        code = ps.schemes[scheme].jurisdiction
        values = dict(status=r.status, version=r.version, data=to_json(r))
        if row is None:
            log.insert("rounds", RoundRow(scheme_key=scheme, key=key, jurisdiction_code=code, **values),
                       None, code)
        elif replace:
            if row.status != "draft":
                if _round_differs(row, values):
                    report.conflict("round", f"{scheme} {key}", "not_draft", status=row.status)
                continue
            log.update("rounds", row, values, row.id, code, label=f"{scheme} {key}")
    if replace:
        _reload_cases(session, ps, log)
    elif not session.scalar(select(func.count()).select_from(CasesRow)):
        for i, cs in enumerate(ps.cases):
            source = ps.sources.get(("cases", f"{cs.scheme}:{i}"), "")
            session.add(CasesRow(scheme_key=cs.scheme, source=source, data=to_json(cs)))
            report.loaded["cases"] += 1
    session.flush()
    return report


def _reload_cases(session: Session, ps: PolicySet, log: LoadLog) -> None:
    """The files' case files replace the stored ones of the same source, except those edited in the back
    office (conflicts); stored files no policy file holds any more are removed unless begun or edited in the
    back office."""
    stored = {row.source: row for row in session.scalars(select(CasesRow).order_by(CasesRow.id)) if row.source}
    seen = set()
    for i, cs in enumerate(ps.cases):
        source = ps.sources.get(("cases", f"{cs.scheme}:{i}"), "")
        code = ps.schemes[cs.scheme].jurisdiction if cs.scheme in ps.schemes else None
        values = dict(scheme_key=cs.scheme, data=to_json(cs))
        row = stored.get(source) if source else None
        if row is None:
            log.insert("cases", CasesRow(source=source, **values), None, code)
        else:
            seen.add(source)
            log.update("cases", row, values, row.id, code, label=source)
    for source, row in stored.items():
        if source not in seen:
            log.delete("cases", row, row.id, None, label=source)


def _round_differs(row: RoundRow, values: dict[str, Any]) -> bool:
    return (row.status, row.version, row.data) != (values["status"], values["version"], values["data"])


def round_from_row(row: RoundRow) -> Round:
    data = dict(row.data)
    data.update(status=row.status, version=row.version, key=row.key, scheme=row.scheme_key)
    return Round.model_validate(data)


def load_policyset(session: Session) -> PolicySet:
    """The database's policy definitions as a PolicySet (checked when they were saved)."""
    ps = PolicySet()
    for row in session.scalars(select(JurisdictionRow)):
        ps.jurisdictions[row.code] = Jurisdiction.model_validate(row.data)
        ps.sources[("jurisdiction", row.code)] = "database"
    for row in session.scalars(select(DocumentRow)):
        ps.documents[row.number] = Document.model_validate(row.data)
        ps.sources[("document", row.number)] = "database"
    for row in session.scalars(select(SchemeRow)):
        ps.schemes[row.key] = Scheme.model_validate(row.data)
        ps.sources[("scheme", row.key)] = "database"
    for row in session.scalars(select(RegionsRow)):
        ps.regions[row.key] = Regions.model_validate(row.data)
    for row in session.scalars(select(RoundRow).order_by(RoundRow.id)):
        ps.rounds[(row.scheme_key, row.key)] = round_from_row(row)
        ps.sources[("round", (row.scheme_key, row.key))] = f"database round #{row.id}"
    for row in session.scalars(select(CasesRow).order_by(CasesRow.id)):
        ps.cases.append(Cases.model_validate(row.data))
        ps.sources[("cases", f"{row.scheme_key}:{len(ps.cases) - 1}")] = row.source or "database"
    ps.workdays = load_schedules(session)
    return ps


def stamp(session: Session) -> tuple:
    """Changes whenever a round, a jurisdiction, a case file or a calendar day changes: the key for caching a
    Hub built from the database."""
    r = session.execute(select(func.count(RoundRow.id), func.max(RoundRow.updated_at),
                               func.sum(RoundRow.version))).one()
    j = session.execute(select(func.count(JurisdictionRow.code), func.sum(JurisdictionRow.version))).one()
    c = session.execute(select(func.count(CasesRow.id), func.sum(CasesRow.version))).one()
    return tuple(r) + tuple(j) + tuple(c) + calendar_stamp(session)
