"""The web Hub is rebuilt when policies change, without asking the database on every request: a change
committed in this process is seen at once, a change made by another process within the check interval."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, text


@contextmanager
def statements(app):
    """The SQL statements the app's engine runs inside the block."""
    from policyhub.db import db

    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _title(client) -> str:
    r = client.get("/api/v1/schemes/hunan-park-subcentre-requirements")
    assert r.status_code == 200
    return r.get_json()["title"]["zh"]


def _rename(app, title: str, *, other_process: bool) -> None:
    """Change the scheme's title through the ORM (this process) or through a bare connection (as another
    process would: no session events here)."""
    import json

    from policyhub.db import db
    from policyhub.db.models import RoundRow, SchemeRow

    with app.app_context():
        row = db.session.get(SchemeRow, "hunan-park-subcentre-requirements")
        data = dict(row.data, title={"zh": title, "en": title})
        if other_process:
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE scheme SET data = :d WHERE key = :k"),
                             {"d": json.dumps(data, ensure_ascii=False), "k": row.key})
                conn.execute(text("UPDATE round SET version = version + 1 WHERE scheme_key = :k"), {"k": row.key})
        else:
            row.data = data
            rnd = db.session.query(RoundRow).filter_by(scheme_key=row.key).first()
            rnd.version += 1
            db.session.commit()


def test_requests_do_not_query_whether_policies_changed(app, client, monkeypatch):
    from policyhub import webhub

    monkeypatch.setattr(webhub, "_clock", lambda: 1000.0)              # all within the check interval
    _title(client)                                                      # builds the hub
    with statements(app) as seen:
        for _ in range(5):
            _title(client)
    assert seen == []


def test_a_change_in_this_process_is_seen_at_once(app, client):
    _title(client)
    _rename(app, "改名一", other_process=False)
    assert _title(client) == "改名一"


def test_a_change_by_another_process_is_seen_after_the_check_interval(app, client, monkeypatch):
    from policyhub import webhub

    clock = {"now": 1000.0}
    monkeypatch.setattr(webhub, "_clock", lambda: clock["now"])
    first = _title(client)
    _rename(app, "改名二", other_process=True)
    assert _title(client) == first                                      # within the interval: cached
    clock["now"] += webhub.CHECK_SECONDS + 0.1
    assert _title(client) == "改名二"
