"""Move policy definitions between a PolicySet and the database, as canonical JSON documents."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..definitions import Cases, Document, Jurisdiction, Regions, Round, Scheme
from ..policyset import PolicySet
from .models import CasesRow, DocumentRow, JurisdictionRow, RegionsRow, RoundRow, SchemeRow


def to_json(model) -> dict[str, Any]:
    """Canonical JSON-safe form (dates as ISO strings) for a JSON column."""
    return model.model_dump(mode="json", exclude_defaults=True, by_alias=True)


def save_policyset(session: Session, ps: PolicySet, *, replace: bool = False) -> dict[str, int]:
    """Insert what the database lacks; with `replace`, overwrite rounds from the files too.

    Rounds already in the database are kept by default: officials may have edited them since.
    """
    counts = {"jurisdictions": 0, "documents": 0, "schemes": 0, "rounds": 0, "regions": 0, "cases": 0}
    pending = dict(ps.jurisdictions)
    while pending:  # parents first
        for code, j in list(pending.items()):
            if j.parent is None or j.parent not in pending:
                row = session.get(JurisdictionRow, code)
                if row is None:
                    row = JurisdictionRow(code=code)
                    session.add(row)
                    counts["jurisdictions"] += 1
                if row.data is None or replace or row.data != to_json(j):
                    row.key, row.parent_code = j.key, j.parent
                    row.name_zh, row.name_en, row.data = j.name.zh, j.name.en, to_json(j)
                del pending[code]
        session.flush()
    for number, d in ps.documents.items():
        row = session.get(DocumentRow, number)
        if row is None:
            session.add(DocumentRow(number=number, jurisdiction_code=d.jurisdiction, data=to_json(d)))
            counts["documents"] += 1
        elif replace:
            row.data = to_json(d)
    for key, s in ps.schemes.items():
        row = session.get(SchemeRow, key)
        if row is None:
            session.add(SchemeRow(key=key, jurisdiction_code=s.jurisdiction, data=to_json(s)))
            counts["schemes"] += 1
        elif replace:
            row.data, row.jurisdiction_code = to_json(s), s.jurisdiction
    for key, r in ps.regions.items():
        row = session.get(RegionsRow, key)
        if row is None:
            session.add(RegionsRow(key=key, data=to_json(r)))
            counts["regions"] += 1
        elif replace:
            row.data = to_json(r)
    session.flush()
    for (scheme, key), r in ps.rounds.items():
        row = session.scalar(select(RoundRow).where(RoundRow.scheme_key == scheme, RoundRow.key == key))
        if row is None:
            session.add(RoundRow(scheme_key=scheme, key=key, jurisdiction_code=ps.schemes[scheme].jurisdiction,
                                 status=r.status, version=r.version, data=to_json(r)))
            counts["rounds"] += 1
        elif replace:
            row.status, row.version, row.data = r.status, r.version, to_json(r)
    if replace:
        session.query(CasesRow).delete()
    if replace or not session.scalar(select(func.count()).select_from(CasesRow)):
        for i, cs in enumerate(ps.cases):
            source = ps.sources.get(("cases", f"{cs.scheme}:{i}"), "")
            session.add(CasesRow(scheme_key=cs.scheme, source=source, data=to_json(cs)))
            counts["cases"] += 1
    session.flush()
    return counts


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
    return ps


def stamp(session: Session) -> tuple:
    """Changes whenever a round or jurisdiction changes: the key for caching a Hub built from the database."""
    r = session.execute(select(func.count(RoundRow.id), func.max(RoundRow.updated_at),
                               func.sum(RoundRow.version))).one()
    j = session.execute(select(func.count(JurisdictionRow.code), func.sum(JurisdictionRow.version))).one()
    return tuple(r) + tuple(j)
