"""What `policyhub init` adds to an existing database besides new definitions: the policy cases of schemes that
have none yet (a newly installed plugin's), and which stored rounds and cases differ from their files."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..policyset import PolicySet
from .models import CasesRow, RoundRow
from .store import to_json


def _canonical(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def add_missing_cases(session: Session, ps: PolicySet) -> int:
    """Store the files' cases of every scheme the database holds no cases for; how many case files."""
    stored = set(session.scalars(select(CasesRow.scheme_key).distinct()))
    added = 0
    for i, cs in enumerate(ps.cases):
        if cs.scheme in stored:
            continue
        source = ps.sources.get(("cases", f"{cs.scheme}:{i}"), "")
        session.add(CasesRow(scheme_key=cs.scheme, source=source, data=to_json(cs)))
        added += 1
    session.flush()
    return added


def changed_in_files(session: Session, ps: PolicySet) -> list[str]:
    """Rounds and schemes' cases whose files differ from what the database holds, as `scheme round` and
    `scheme cases`: `policyhub init --reload` is what loads the files' version."""
    out = []
    rows = {(r.scheme_key, r.key): r for r in session.scalars(select(RoundRow))}
    for (scheme, key), rnd in sorted(ps.rounds.items()):
        row = rows.get((scheme, key))
        if row is not None and _canonical(row.data) != _canonical(to_json(rnd)):
            out.append(f"{scheme} {key}")
    stored: dict[str, set[str]] = {}
    for row in session.scalars(select(CasesRow)):
        stored.setdefault(row.scheme_key, set()).add(_canonical(row.data))
    files: dict[str, set[str]] = {}
    for cs in ps.cases:
        files.setdefault(cs.scheme, set()).add(_canonical(to_json(cs)))
    for scheme in sorted(files):
        if scheme in stored and stored[scheme] != files[scheme]:
            out.append(f"{scheme} cases")
    return out
