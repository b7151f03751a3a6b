"""Policy test cases edited in the back office, for a draft round: find one (scoped), and add, change,
copy, delete, or accept a draft's results, each saved with optimistic concurrency and audited.

Cases are stored as their files (`CasesRow`, one `kind: cases` document each); a case is addressed by its
file's id and its place in the file, and every form carries the file's version: a save based on an older
version is refused (someone else changed the file meanwhile), as for rounds. A case added in a draft goes to
the draft's own file (begun on first use, pinned to the draft round). What a case expects of the draft is
written where the case keeps it: its `expect` when it is written for the draft, else its `expect_in`
entry for the draft (so it still tests the round it was written for).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable

from flask_babel import gettext
from pydantic import ValidationError
from sqlalchemy import select, update

from policyhub.db import db
from policyhub.db.models import CasesRow, RoundRow
from policyhub.db.store import to_json
from policyhub.definitions import Cases
from policyhub.i18n import M_, Message
from policyhub.webhub import reset_hub

from .. import audit
from ..auth import current_official
from . import service
from .service import Refused, set_expectation

OBJECT_TYPE = "cases"


@dataclass
class Found:
    """A draft round, one of its scheme's case files (loaded), and the index of one case in it (or None)."""

    row: RoundRow
    file: CasesRow
    cases: Cases
    index: int | None = None

    @property
    def case(self):
        return self.cases.cases[self.index] if self.index is not None else None


def _missing() -> Refused:
    return Refused(gettext("This policy test case does not exist (any more): it may have been deleted or moved "
                           "by someone else. Go back to the list of cases."), 404, kind="invalid")


def find(row: RoundRow, file_id: int, index: int | None = None) -> Found:
    """The case file `file_id` of the round's scheme (and case `index` in it); refused when it is another
    scheme's (whatever the URL says) or does not exist."""
    crow = db.session.get(CasesRow, file_id)
    if crow is None or crow.scheme_key != row.scheme_key:
        raise _missing()
    try:
        cases = Cases.model_validate(crow.data)
    except ValidationError:
        raise Refused(gettext("This file of policy test cases does not load; ask a developer to repair it."),
                      409, kind="invalid") from None
    if index is not None and not 0 <= index < len(cases.cases):
        raise _missing()
    return Found(row, crow, cases, index)


def editable_round(round_id: int) -> RoundRow:
    """The round, if the official may change it and it is a draft."""
    row = service.get_row(round_id, edit=True)
    service.ensure_draft(row)
    return row


def check_version(crow: CasesRow, submitted: Any) -> int:
    try:
        version = int(submitted)
    except (TypeError, ValueError):
        raise Refused(gettext("The form did not say which version of the cases it was loaded from; reload the "
                              "page and make the change again."), 400, kind="stale") from None
    if version != crow.version:
        raise Refused(stale_message(crow, version), 409, kind="stale")
    return version


def stale_message(crow: CasesRow, had: int) -> str:
    last = audit.last_change(OBJECT_TYPE, crow.id)
    if last is not None:
        return gettext("%(name)s changed these policy test cases at %(at)s while you were editing them. Nothing "
                       "was saved. Reload the page to see the current cases and make your change again.",
                       name=last.username, at=last.at.strftime("%Y-%m-%d %H:%M"))
    return gettext("Someone else changed these policy test cases while you were editing them. Nothing was "
                   "saved. Reload the page to see the current cases and make your change again.")


def write(found: Found, version: int, cases: Cases, action: str, summary: Message, user=None) -> int:
    """Store the changed file if it is still at `version`; audited; returns the new version."""
    user = user if user is not None else current_official()
    crow = found.file
    before, after = crow.data, to_json(cases)
    new_version = version + 1
    res = db.session.execute(update(CasesRow).where(CasesRow.id == crow.id, CasesRow.version == version)
                             .values(data=after, version=new_version)
                             .execution_options(synchronize_session=False))
    if res.rowcount != 1:
        db.session.rollback()
        db.session.expire_all()
        current = db.session.get(CasesRow, crow.id)
        if current is None:
            raise _missing()
        raise Refused(stale_message(current, version), 409, kind="stale")
    audit.record(user, action, OBJECT_TYPE, crow.id, found.row.jurisdiction_code, before, after, summary)
    return new_version


def commit() -> None:
    db.session.commit()
    db.session.expire_all()
    reset_hub()


def _validated(data: dict[str, Any]) -> Cases:
    try:
        return Cases.model_validate(data)
    except ValidationError as e:
        raise Refused(gettext("The changed cases are not valid, so nothing was saved (%(detail)s).",
                              detail=str(e)[:300]), 400, kind="invalid") from None


def _changed(found: Found, change: Callable[[list[dict[str, Any]]], None]) -> Cases:
    data = copy.deepcopy(to_json(found.cases))
    change(data["cases"])
    return _validated(data)


def drafted(row: RoundRow, case: Any, cases: Cases) -> dict[str, Any]:
    """What the case expects of the draft round `row`, as stored data."""
    pub = service.published_row(row.scheme_key)
    exp = service.expectation(case, cases, row, pub if pub is not None and pub.id != row.id else None)
    return exp.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def _setting(expects: dict[int, dict[str, Any]], file_round: str | None, round_key: str):
    def change(cases: list[dict[str, Any]]) -> None:
        for index, expect in expects.items():
            set_expectation(cases[index], file_round, round_key, expect)
    return change


def label_of(case: Any) -> Any:
    """A case's name as a Message parameter: its {zh, en} or its plain text."""
    return case.name if isinstance(case.name, str) else {"zh": case.name.zh, "en": case.name.en}


def name_of(case: Any) -> str:
    return case.title("zh") if hasattr(case, "title") else str(case)


# -- the actions ----------------------------------------------------------------------------------------------
def save_case(found: Found, version: Any, name: dict[str, str], facts: dict[str, Any], expect: dict[str, Any],
              as_of: Any = None) -> int:
    """Change the case's name, facts and its expectation of the draft."""
    v = check_version(found.file, version)
    index, round_key = found.index, found.row.key

    def change(cases: list[dict[str, Any]]) -> None:
        case = cases[index]
        case.update(name=name, facts=facts)
        if as_of:
            case["as_of"] = as_of.isoformat()
        else:
            case.pop("as_of", None)
        set_expectation(case, found.cases.round, round_key, expect)

    new = _changed(found, change)
    v = write(found, v, new, "update", Message(M_("Case “%(name)s” changed (round %(round)s)"), name=name,
                                               round=round_key))
    commit()
    return v


def own_file(row: RoundRow) -> CasesRow:
    """The draft's own case file (begun, empty, when the draft has none)."""
    for crow in db.session.scalars(select(CasesRow).where(CasesRow.scheme_key == row.scheme_key,
                                                          CasesRow.source == "").order_by(CasesRow.id)):
        if (crow.data or {}).get("round") == row.key:
            return crow
    crow = CasesRow(scheme_key=row.scheme_key, source="", version=1,
                    data={"kind": "cases", "scheme": row.scheme_key, "round": row.key, "cases": []})
    db.session.add(crow)
    db.session.flush()
    return crow


def add_case(row: RoundRow, name: dict[str, str], facts: dict[str, Any], expect: dict[str, Any],
             as_of: Any = None) -> Found:
    """A new case in the draft's own file; returns where it is."""
    crow = own_file(row)
    found = find(row, crow.id)
    case = {"name": name, "facts": facts, "expect": expect}
    if as_of:
        case["as_of"] = as_of.isoformat()
    new = _changed(found, lambda cases: cases.append(case))
    write(found, crow.version, new, "create", Message(M_("Case “%(name)s” added (round %(round)s)"), name=name,
                                                      round=row.key))
    commit()
    return Found(row, crow, new, len(new.cases) - 1)


def copy_case(found: Found, version: Any) -> int:
    """A copy of the case just after it, written for the draft (with what the case expects of the draft)."""
    v = check_version(found.file, version)
    case = found.case
    name = copy_name(case.name)
    copy_data = {"name": name, "round": found.row.key,
                 "facts": copy.deepcopy(to_json(found.cases)["cases"][found.index].get("facts", {})),
                 "expect": drafted(found.row, case, found.cases)}
    if case.as_of:
        copy_data["as_of"] = case.as_of.isoformat()
    index = found.index
    new = _changed(found, lambda cases: cases.insert(index + 1, copy_data))
    write(found, v, new, "create", Message(M_("Case “%(name)s” copied (round %(round)s)"), name=label_of(case),
                                           round=found.row.key))
    commit()
    return index + 1


def copy_name(name: Any) -> dict[str, str]:
    """The copy's name in both languages (each from its language's catalog, whatever the UI's language)."""
    from flask_babel import force_locale

    out = {}
    for lang, locale in (("zh", "zh_Hans_CN"), ("en", "en")):
        with force_locale(locale):
            out[lang] = gettext("%(name)s (copy)", name=name if isinstance(name, str) else name.get(lang))
    return out


def delete_case(found: Found, version: Any) -> str:
    v = check_version(found.file, version)
    index, name = found.index, name_of(found.case)
    new = _changed(found, lambda cases: cases.pop(index))
    write(found, v, new, "delete", Message(M_("Case “%(name)s” deleted (round %(round)s)"),
                                           name=label_of(found.case), round=found.row.key))
    commit()
    return name


def accept(row: RoundRow, picks: list[tuple[int, int]], versions: dict[int, Any],
           taken: Callable[[Any, Cases], dict[str, Any]]) -> int:
    """Take the draft's current result as the expectation of each picked case (file id, index): one save
    per file, all in one transaction. `taken(case, cases)` is the new expectation. Returns how many."""
    by_file: dict[int, list[int]] = {}
    for file_id, index in picks:
        by_file.setdefault(file_id, []).append(index)
    n = 0
    for file_id, indexes in sorted(by_file.items()):
        found = find(row, file_id)
        v = check_version(found.file, versions.get(file_id))
        names = []
        expects = {}
        for index in sorted(set(indexes)):
            if not 0 <= index < len(found.cases.cases):
                raise _missing()
            case = found.cases.cases[index]
            expects[index] = taken(case, found.cases)
            names.append(label_of(case))

        new = _changed(found, _setting(expects, found.cases.round, row.key))
        write(found, v, new, "update", Message(M_("New result of round %(round)s accepted for %(n)s case(s): "
                                                  "%(names)s"), round=row.key, n=len(names), names=names))
        n += len(names)
    commit()
    return n

