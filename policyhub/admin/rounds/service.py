"""Round editing without the web layer: scoped loading, checked and audited saves with optimistic
concurrency, clone, case runs (preview) and publish.

Every save goes the same way (`save_round`): the round must be a draft, the version the form was loaded at
must still be the row's version, the new Round must validate (pydantic) and pass `check_round` in its
context; then one conditional UPDATE (… WHERE version = the form's version) writes the data and bumps the
version, the audit entry (before → after, summary of changed paths) is added, and both are committed
together before the Hub cache is reset.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from policyhub.db import db
from policyhub.db.models import CasesRow, JurisdictionRow, RoundRow, SchemeRow, utcnow
from policyhub.db.store import round_from_row, to_json
from policyhub.definitions import Cases, Round
from policyhub.diff import diff_rounds
from policyhub.errors import PolicyError
from policyhub.i18n import M_, Message
from policyhub.context import context_for
from policyhub.validation import check_round
from policyhub.webhub import current_hub, reset_hub

from .. import audit
from ..auth import current_official
from ..scoping import can_edit, can_view, scope_clause
from .messages import message_of

Problem = tuple[str, str]
OBJECT_TYPE = "round"


class Refused(Exception):
    """An action is not allowed or not possible; `message` is shown to the official as it is."""

    def __init__(self, message: str, status: int = 409, problems: list[Problem] | None = None,
                 kind: str = "refused"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.problems = problems or []
        self.kind = kind


# -- loading, scoped ---------------------------------------------------------------------------------
def visible_rounds(user=None) -> list[RoundRow]:
    """The rounds the official may see, by scheme then round key."""
    user = user if user is not None else current_official()
    q = select(RoundRow).order_by(RoundRow.scheme_key, RoundRow.key, RoundRow.id)
    clause = scope_clause(RoundRow.jurisdiction_code, user)
    if clause is not None:
        q = q.where(clause)
    return list(db.session.scalars(q))


def get_row(round_id: int, *, edit: bool = False, user=None) -> RoundRow:
    """The round row if the official may see it (and change it, with `edit`); Refused otherwise.

    A round of another jurisdiction is refused whether it is reached from the list or typed into the URL.
    """
    user = user if user is not None else current_official()
    row = db.session.get(RoundRow, round_id)
    if row is None:
        raise Refused(gettext("This round does not exist, or it belongs to a jurisdiction outside yours."),
                      404, kind="missing")
    if not can_view(user, row.jurisdiction_code):
        # the same answer as for a round that does not exist: other jurisdictions' rounds are not revealed
        raise Refused(gettext("This round does not exist, or it belongs to a jurisdiction outside yours."),
                      404, kind="scope")
    if edit and not can_edit(user, row.jurisdiction_code):
        raise Refused(gettext("Your account may look at this round but not change it."), 403, kind="scope")
    return row


def may_edit(row: RoundRow, user=None) -> bool:
    user = user if user is not None else current_official()
    return row.status == "draft" and can_edit(user, row.jurisdiction_code)


def load_round(row: RoundRow) -> Round:
    try:
        return round_from_row(row)
    except ValidationError as e:
        raise Refused(gettext("The stored configuration of this round does not load; ask a developer to "
                              "repair it. Details: %(detail)s", detail=_short(str(e))), 500,
                      kind="broken") from None


def _short(text: str, n: int = 600) -> str:
    return text if len(text) <= n else text[:n] + "…"


def round_data(rnd: Round) -> dict[str, Any]:
    """A deep, plain (python-mode) copy of a round that editors change and `build_round` validates."""
    return copy.deepcopy(rnd.model_dump(mode="python", by_alias=True, exclude_none=True))


def ensure_draft(row: RoundRow) -> None:
    if row.status != "draft":
        raise Refused(gettext("Round %(key)s of %(scheme)s is %(status)s and cannot be changed. Published "
                              "rounds are immutable: clone it into a new draft, change the draft, then "
                              "publish the draft.", key=row.key, scheme=row.scheme_key,
                              status=status_label(row.status)), 409, kind="immutable")


def ensure_version(row: RoundRow, submitted: Any) -> int:
    try:
        version = int(submitted)
    except (TypeError, ValueError):
        raise Refused(gettext("The form did not say which version of the round it was loaded from; reload "
                              "the page and make the change again."), 400, kind="stale") from None
    if version != row.version:
        raise Refused(stale_message(version, row.version, row.id), 409, kind="stale")
    return version


def stale_message(had: int, now: int, round_id: int | None = None) -> str:
    last = audit.last_change(OBJECT_TYPE, round_id) if round_id is not None else None
    if last is not None:
        return gettext("%(name)s saved this round at %(at)s while you were editing it (you opened version "
                       "%(had)d, it is now version %(now)d). Nothing was saved. Reload the page to see the "
                       "current values and make your change again.", name=last.username,
                       at=last.at.strftime("%Y-%m-%d %H:%M"), had=had, now=now)
    return gettext("Someone else saved this round while you were editing it (you opened version %(had)d, it "
                   "is now version %(now)d). Nothing was saved. Reload the page to see the current values "
                   "and make your change again.", had=had, now=now)


def status_label(status: str) -> str:
    return {"draft": gettext("draft"), "published": gettext("published"),
            "archived": gettext("archived")}.get(status, status)


# -- validation ------------------------------------------------------------------------------------------
def _human_loc(data: Any, loc: tuple) -> str:
    """A pydantic error location with list indices replaced by the item's key where it has one."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            key = None
            if isinstance(node, list) and 0 <= part < len(node) and isinstance(node[part], dict):
                key = node[part].get("key", node[part].get("number"))
            out += f"[{key}]" if key is not None else f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        else:
            if isinstance(part, str) and (part.startswith("function-") or part in ("ParamRef", "int", "float",
                                                                                  "str", "bool", "list")):
                continue
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def build_round(data: dict[str, Any]) -> tuple[Round | None, list[Problem]]:
    """The Round the edited data describes, or the problems pydantic found (with readable paths)."""
    try:
        return Round.model_validate(data), []
    except ValidationError as e:
        problems = []
        for err in e.errors():
            problems.append((_human_loc(data, tuple(err["loc"])), message_of(err)))
        return None, problems


def context(rnd: Round):
    hub = current_hub()
    return context_for(hub.policyset, rnd, operators=hub.operators)


def check(rnd: Round) -> list[Problem]:
    """`check_round` on the round in its context (jurisdiction chain, documents, plugin operators)."""
    try:
        return check_round(context(rnd))
    except PolicyError as e:
        return [("", str(e))]


def changed_paths(old: Round, new: Round) -> list[dict[str, Any]]:
    return diff_rounds(old, new)


# -- saving ---------------------------------------------------------------------------------------------
@dataclass
class SaveResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    version: int | None = None


def save_round(row: RoundRow, data: dict[str, Any], submitted_version: Any, *, what: str = "",
               user=None) -> SaveResult:
    """Validate and store edited round data. Refused (published, stale, out of scope) raises; problems
    with the configuration itself come back in the result and nothing is written."""
    user = user if user is not None else current_official()
    row = get_row(row.id, edit=True, user=user)
    ensure_draft(row)
    version = ensure_version(row, submitted_version)
    data = dict(data)
    data.update(kind="round", scheme=row.scheme_key, key=row.key, status="draft", version=row.version)
    rnd, problems = build_round(data)
    if rnd is None:
        return SaveResult(False, problems)
    problems = check(rnd)
    if problems:
        return SaveResult(False, problems)
    old = load_round(row)
    changes = changed_paths(old, rnd)
    if not changes:
        return SaveResult(True, [], [], row.version)
    new_version = version + 1
    new = rnd.model_copy(update={"version": new_version, "status": "draft"})
    new_data = to_json(new)
    problem = reload_problem(new_data)
    if problem:
        return SaveResult(False, [("", problem)])
    before = row.data
    res = db.session.execute(
        update(RoundRow)
        .where(RoundRow.id == row.id, RoundRow.version == version, RoundRow.status == "draft")
        .values(data=new_data, version=new_version, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if res.rowcount != 1:
        db.session.rollback()
        db.session.expire_all()
        current = db.session.get(RoundRow, row.id)
        if current is not None and current.status != "draft":
            ensure_draft(current)
        raise Refused(stale_message(version, current.version if current else version, row.id), 409,
                      kind="stale")
    summary = Message(M_("%(n)s value(s) changed"), n=len(changes))
    audit.record(user, "update", OBJECT_TYPE, row.id, row.jurisdiction_code, before, new_data, summary)
    db.session.commit()
    db.session.expire_all()
    reset_hub()
    return SaveResult(True, [], changes, new_version)


def reload_problem(data: dict[str, Any]) -> str | None:
    """Why stored round data would not load back (never write a round the site cannot read), or None."""
    try:
        Round.model_validate(data)
    except ValidationError as e:
        return gettext("The round could not be read back after saving, so nothing was saved (%(detail)s).",
                       detail=_short(str(e), 300))
    return None


# -- clone -------------------------------------------------------------------------------------------------
KEY_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def key_problem(key: str) -> str | None:
    if not key:
        return gettext("Enter a key for the new round, for example 2025.")
    if len(key) > 64 or not set(key) <= KEY_CHARS or key[0] in "-_.":
        return gettext("A round key uses letters, digits, '-', '_' or '.', starts with a letter or digit and "
                       "has at most 64 characters (for example 2025 or 2025-b).")
    return None


def clone_round(row: RoundRow, new_key: str, *, title: dict[str, str] | None = None,
                effective: dt.date | None = None, user=None) -> RoundRow:
    """A new draft (version 1) with the configuration of `row`, under a new key; audited."""
    user = user if user is not None else current_official()
    row = get_row(row.id, edit=True, user=user)
    new_key = (new_key or "").strip()
    problem = key_problem(new_key)
    if problem:
        raise Refused(problem, 400, kind="invalid")
    exists = db.session.scalar(select(RoundRow.id).where(RoundRow.scheme_key == row.scheme_key,
                                                         RoundRow.key == new_key))
    if exists is not None:
        raise Refused(gettext("Scheme %(scheme)s already has a round %(key)s; choose another key.",
                              scheme=row.scheme_key, key=new_key), 409, kind="invalid")
    data = round_data(load_round(row))
    data.update(key=new_key, status="draft", version=1)
    if title:
        data["title"] = title
    if effective:
        data["effective"] = effective
    rnd, problems = build_round(data)
    if rnd is None:
        raise Refused(gettext("The copy is not a valid round."), 400, problems, kind="invalid")
    problems = check(rnd)
    if problems:
        raise Refused(gettext("The round being cloned does not pass the checks any more; the copy was not "
                              "made."), 409, problems, kind="invalid")
    problem = reload_problem(to_json(rnd))
    if problem:
        raise Refused(problem, 409, kind="invalid")
    new_row = RoundRow(scheme_key=row.scheme_key, key=new_key, jurisdiction_code=row.jurisdiction_code,
                       status="draft", version=1, data=to_json(rnd))
    db.session.add(new_row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(gettext("Scheme %(scheme)s already has a round %(key)s; choose another key.",
                              scheme=row.scheme_key, key=new_key), 409, kind="invalid") from None
    audit.record(user, "clone", OBJECT_TYPE, new_row.id, row.jurisdiction_code, None, new_row.data,
                 Message(M_("Copied from round %(key)s (version %(version)s)"), key=row.key, version=row.version))
    db.session.commit()
    reset_hub()
    return new_row


# -- rounds of a scheme -------------------------------------------------------------------------------------
def published_row(scheme_key: str) -> RoundRow | None:
    """The scheme's current published round row (the newest by effective date, then key)."""
    rows = list(db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == scheme_key,
                                                          RoundRow.status == "published")))
    if not rows:
        return None
    def order(r: RoundRow):
        return (str((r.data or {}).get("effective") or ""), r.key, r.id)
    return max(rows, key=order)


def scheme_row(key: str) -> SchemeRow | None:
    return db.session.get(SchemeRow, key)


def jurisdiction_row(code: str) -> JurisdictionRow | None:
    return db.session.get(JurisdictionRow, code)


# -- policy test cases: preview -------------------------------------------------------------------------------
@dataclass
class Run:
    """One case evaluated against one round: the result (its JSON, `data`) and what fails of the case's
    expectation for that round."""

    round_key: str
    outcome: str | None = None
    score: Any = None
    score_range: Any = None
    failures: list[str] = field(default_factory=list)
    error: str | None = None
    data: dict[str, Any] | None = None

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None

    @property
    def shown_score(self) -> str:
        from .fields import format_number
        if self.score is not None:
            return format_number(self.score)
        if self.score_range:
            return "–".join(format_number(x) for x in self.score_range)
        return ""


@dataclass
class CaseRow:
    """One policy test case as the round pages list it: where it is stored (`file_id`, `index`, the file's
    `version`), its case, and its runs against this round and the published one."""

    name: str
    source: str
    target_round: str | None
    applicable: bool
    facts: dict[str, Any]
    expect: dict[str, Any]
    draft: Run | None = None
    published: Run | None = None
    file_id: int | None = None
    index: int | None = None
    version: int | None = None
    case: Any = None

    @property
    def changed(self) -> bool:
        if self.draft is None or self.published is None:
            return False
        return ((self.draft.outcome, self.draft.score, self.draft.score_range, self.draft.error)
                != (self.published.outcome, self.published.score, self.published.score_range,
                    self.published.error))

    @property
    def ref(self) -> str:
        return f"{self.file_id}:{self.index}"


def _run(hub, cases: Cases, case, round_key: str, expect=None) -> Run:
    from policyhub.testing.cases import run_case

    out = Run(round_key)
    try:
        res = hub.evaluate(cases.scheme, case.facts, round=round_key, as_of=case.as_of)
        out.data = res.to_json(suggestions=False)
        out.outcome, out.score, out.score_range = res.outcome, out.data.get("score"), out.data.get("score_range")
    except PolicyError as e:
        out.error = str(e)
    except Exception as e:  # noqa: BLE001 - a broken draft must show as a failing case, not a 500
        out.error = f"{type(e).__name__}: {e}"
    try:
        outcome = run_case(hub, cases, case, "", round_key=round_key, expect=expect)
        out.failures = list(outcome.failures)
    except Exception as e:  # noqa: BLE001
        out.failures = [f"{type(e).__name__}: {e}"]
    if out.error and not out.failures:
        out.error = None     # the case expected this error
    return out


def applies(case, cases: Cases, row: RoundRow, pub: RoundRow | None) -> bool:
    """A case applies to the round when it names no round, names this round or the published round this
    round is meant to replace, or has its own expectation for either."""
    target = case.round or cases.round
    keys = {row.key} | ({pub.key} if pub is not None else set())
    return target is None or target in keys or bool(keys & set(case.expect_in))


def expectation(case, cases: Cases, row: RoundRow, pub: RoundRow | None):
    """What the case expects of the round: its own expectation for it, else what it expects of the published
    round it replaces (a draft must answer as the published round does until the case says otherwise)."""
    own = case.round or cases.round
    if own == row.key or row.key in case.expect_in or pub is None:
        return case.expect_for(row.key, own)
    return case.expect_for(pub.key, own)


def set_expectation(case: dict[str, Any], file_round: str | None, round_key: str, expect: dict[str, Any]) -> None:
    """Write what the case expects of `round_key` where the case keeps it (see the module docstring)."""
    target = case.get("round") or file_round
    if target == round_key:
        case["expect"] = expect
    else:
        case.setdefault("expect_in", {})[round_key] = expect


def carry_forward(row: RoundRow, runs: list[CaseRow], user=None) -> int:
    """When a draft is published: every case that tested it through what it expects of the replaced round now
    states that expectation for the new round too (`expect_in`), so it goes on testing the new round and the
    drafts that replace it. Audited per case file, in the caller's transaction. Returns how many cases."""
    by_file: dict[int, dict[int, dict[str, Any]]] = {}
    for c in runs:
        if not c.applicable or c.case is None or c.file_id is None:
            continue
        if c.target_round == row.key or row.key in c.case.expect_in:
            continue
        if c.target_round is None and not c.case.expect_in:
            continue            # a case for "the current round" with one expectation for every round
        by_file.setdefault(c.file_id, {})[c.index] = dict(c.expect)
    n = 0
    for file_id, expects in sorted(by_file.items()):
        crow = db.session.get(CasesRow, file_id)
        data = copy.deepcopy(crow.data)
        for index, expect in expects.items():
            set_expectation(data["cases"][index], data.get("round"), row.key, expect)
        data = to_json(Cases.model_validate(data))
        res = db.session.execute(update(CasesRow).where(CasesRow.id == crow.id, CasesRow.version == crow.version)
                                 .values(data=data, version=crow.version + 1)
                                 .execution_options(synchronize_session=False))
        if res.rowcount != 1:
            db.session.rollback()
            raise Refused(gettext("The policy test cases changed while publishing; nothing was changed. Try "
                                  "again."), 409, kind="stale")
        audit.record(user, "update", "cases", crow.id, row.jurisdiction_code, crow.data, data,
                     Message(M_("%(n)s case(s) now also say what they expect of round %(round)s, published"),
                             n=len(expects), round=row.key))
        n += len(expects)
    return n


def case_runs(row: RoundRow, *, run: bool = True, compare: bool = True) -> tuple[list[CaseRow], RoundRow | None]:
    """Every policy test case of the scheme against this round and against the published round (with the
    expectation each has for that round); cases written for other rounds (older years) are listed, not run."""
    from flask_babel import get_locale

    lang_ = "en" if str(get_locale() or "zh").startswith("en") else "zh"
    pub = published_row(row.scheme_key)
    if pub is not None and pub.id == row.id:
        pub = None
    hub = current_hub()
    out: list[CaseRow] = []
    for crow in db.session.scalars(select(CasesRow).where(CasesRow.scheme_key == row.scheme_key)
                                   .order_by(CasesRow.id)):
        try:
            cs = Cases.model_validate(crow.data)
        except ValidationError as e:
            out.append(CaseRow(gettext("(cases file does not load)"), crow.source or "", None, True, {}, {},
                               Run(row.key, error=_short(str(e)), failures=[_short(str(e))])))
            continue
        for index, case in enumerate(cs.cases):
            target = case.round or cs.round
            applicable = applies(case, cs, row, pub)
            expect = expectation(case, cs, row, pub)
            item = CaseRow(case.title(lang_), crow.source or "", target, applicable, dict(case.facts),
                           expect.model_dump(exclude_none=True, exclude_defaults=True), file_id=crow.id,
                           index=index, version=crow.version, case=case)
            if applicable and run:
                item.draft = _run(hub, cs, case, row.key, expect)
                if pub is not None and compare:
                    item.published = _run(hub, cs, case, pub.key)
            out.append(item)
    return out, pub


# -- publish ---------------------------------------------------------------------------------------------------
def publish_round(row: RoundRow, submitted_version: Any, *, user=None) -> list[RoundRow]:
    """Publish a draft: refused while the configuration has problems or any applicable policy test case
    fails against it. The scheme's previously published rounds become archived. Returns the archived rows."""
    user = user if user is not None else current_official()
    row = get_row(row.id, edit=True, user=user)
    ensure_draft(row)
    version = ensure_version(row, submitted_version)
    rnd = load_round(row)
    problems = check(rnd)
    if problems:
        raise Refused(gettext("The round has configuration problems; it was not published."), 409, problems,
                      kind="invalid")
    runs, _ = case_runs(row)
    failing = [c for c in runs if c.applicable and c.draft is not None and not c.draft.passed]
    if failing:
        from .case_expect import run_text
        problems = [(c.name, gettext("The case fails: against this draft the result is %(result)s.",
                                     result=run_text(c.draft))) for c in failing]
        raise Refused(gettext("%(n)d policy test case(s) fail against this draft; it was not published. "
                              "Correct the draft (or have the cases updated) and try again.", n=len(failing)),
                      409, problems, kind="cases")
    archived = []
    for old in db.session.scalars(select(RoundRow).where(RoundRow.scheme_key == row.scheme_key,
                                                         RoundRow.status == "published",
                                                         RoundRow.id != row.id)):
        before = {"status": old.status, "version": old.version}
        old_data = dict(old.data or {})
        old_data.update(status="archived", version=old.version + 1)
        res = db.session.execute(update(RoundRow).where(RoundRow.id == old.id, RoundRow.version == old.version,
                                                        RoundRow.status == "published")
                                 .values(status="archived", version=old.version + 1, data=old_data,
                                         updated_at=utcnow())
                                 .execution_options(synchronize_session=False))
        if res.rowcount != 1:
            db.session.rollback()
            raise Refused(gettext("The published round changed while publishing; nothing was changed. Try "
                                  "again."), 409, kind="stale")
        audit.record(user, "archive", OBJECT_TYPE, old.id, old.jurisdiction_code, before,
                     {"status": "archived", "version": old.version + 1},
                     Message(M_("Archived; replaced by round %(key)s"), key=row.key))
        archived.append(old)
    new_version = version + 1
    new_data = dict(row.data or {})
    new_data.update(status="published", version=new_version)
    now = utcnow()
    res = db.session.execute(update(RoundRow).where(RoundRow.id == row.id, RoundRow.version == version,
                                                    RoundRow.status == "draft")
                             .values(status="published", version=new_version, data=new_data, published_at=now,
                                     updated_at=now)
                             .execution_options(synchronize_session=False))
    if res.rowcount != 1:
        db.session.rollback()
        db.session.expire_all()
        current = db.session.get(RoundRow, row.id)
        raise Refused(stale_message(version, current.version if current else version, row.id), 409,
                      kind="stale")
    carry_forward(row, runs, user=user)
    passed = sum(1 for c in runs if c.applicable)
    audit.record(user, "publish", OBJECT_TYPE, row.id, row.jurisdiction_code,
                 {"status": "draft", "version": version}, {"status": "published", "version": new_version},
                 Message(M_("Published; %(n)s policy test case(s) passed; round(s) archived: %(keys)s"), n=passed,
                         keys=[r.key for r in archived])
                 if archived else Message(M_("Published; %(n)s policy test case(s) passed"), n=passed))
    db.session.commit()
    db.session.expire_all()
    reset_hub()
    return archived


def diff_against(row: RoundRow, other: RoundRow) -> list[dict[str, Any]]:
    """What changes from `other` (usually the published round) to `row`, with citations."""
    return diff_rounds(load_round(other), load_round(row))

