"""Round housekeeping: a draft's settings (title, effective date) and deleting a draft.

Both are refused for published and archived rounds (immutable), outside the official's jurisdiction, and when
the form was loaded at another version than the stored one; both are audited.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import gettext
from sqlalchemy import delete

from policyhub.db import db
from policyhub.db.models import RoundRow
from policyhub.webhub import reset_hub

from .. import audit
from ..auth import current_official
from .service import (OBJECT_TYPE, Refused, SaveResult, ensure_draft, ensure_version, get_row, load_round,
                      round_data, save_round, stale_message)


def update_settings(row: RoundRow, *, title: dict[str, str] | None, effective: dt.date | None,
                    submitted_version, user=None) -> SaveResult:
    """Change a draft's title (both languages, or none) and effective date, validated and saved like every
    other edit (`service.save_round`)."""
    data = round_data(load_round(row))
    data.pop("title", None)
    data.pop("effective", None)
    if title:
        data["title"] = title
    if effective:
        data["effective"] = effective
    return save_round(row, data, submitted_version, what=gettext("Round settings"), user=user)


def delete_draft(round_id: int, submitted_version, user=None) -> str:
    """Delete a draft round; the audit entry keeps its whole configuration. Returns the deleted round's key."""
    user = user if user is not None else current_official()
    row = get_row(round_id, edit=True, user=user)
    ensure_draft(row)
    version = ensure_version(row, submitted_version)
    before, key, jurisdiction = row.data, row.key, row.jurisdiction_code
    res = db.session.execute(delete(RoundRow).where(RoundRow.id == row.id, RoundRow.version == version,
                                                    RoundRow.status == "draft")
                             .execution_options(synchronize_session=False))
    if res.rowcount != 1:
        db.session.rollback()
        db.session.expire_all()
        current = db.session.get(RoundRow, round_id)
        if current is None:
            raise Refused(gettext("This round does not exist, or it belongs to a jurisdiction outside yours."),
                          404, kind="missing")
        ensure_draft(current)
        raise Refused(stale_message(version, current.version, round_id), 409, kind="stale")
    audit.record(user, "delete", OBJECT_TYPE, round_id, jurisdiction, before, None,
                 gettext("Draft round %(key)s deleted", key=key))
    db.session.commit()
    reset_hub()
    return key
