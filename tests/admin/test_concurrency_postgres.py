"""Officials writing at the same moment on PostgreSQL (threads, each its own signed-in client, released
together by a barrier): a stale or duplicate write is refused with a message in the interface language, no
request fails with a server error, nothing is duplicated and the audit log holds exactly the writes that
happened. Skipped when no PostgreSQL server listens on 127.0.0.1:5432."""
from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import func, select

from admin_helpers import (GUANGDONG, GUANGZHOU, HUNAN, PASSWORD, audit_rows, csrf_token, login, make_user, read_form,
                           text)

pytestmark = pytest.mark.postgres

PROGRESS = "/admin/guangzhou/progress/"
IMPORT = "/admin/guangdong/import/"
STALE_ZH = "未保存"


def together(calls):
    """Run the callables in threads started at the same moment; their results in order (exceptions re-raised)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except BaseException as e:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def officials(app, n, role, jurisdiction, prefix="u"):
    """`n` signed-in clients, each its own account (one password hash computed for all)."""
    from policyhub.admin.auth import hash_password
    from policyhub.db import db
    from policyhub.db.models import User

    with app.app_context():
        hashed = hash_password(PASSWORD)
        db.session.add_all([User(username=f"{prefix}{i}", password_hash=hashed, role=role,
                                 jurisdiction_code=jurisdiction, active=True) for i in range(n)])
        db.session.commit()
    clients = []
    for i in range(n):
        c = app.test_client()
        assert login(c, f"{prefix}{i}").status_code == 302
        clients.append(c)
    return clients


def task_rows(app, number):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    with app.app_context():
        rows = db.session.scalars(select(RegistryEntry).where(RegistryEntry.registry_name == "guangzhou-tasks"))
        rows = [r for r in rows if (r.data or {}).get("task") == number]
        return [(r.id, [(e.event, e.note) for e in r.events]) for r in rows]


def post_progress(client, form):
    r = client.post(PROGRESS, data=form)
    return r.status_code, text(r)


def progress_form(client, **fields):
    form = read_form(text(client.get(PROGRESS)), pick=lambda f: f["id"] == "ph-progress-form")
    form.update({k: str(v) for k, v in fields.items()})
    return form


def test_ten_first_progress_records_for_one_task(pg_app):
    app = pg_app
    clients = officials(app, 10, "editor", GUANGZHOU)
    forms = [progress_form(c, task=4, year=2017, status="in_progress", date="2017-12-20", note=f"第{i}份报告")
             for i, c in enumerate(clients)]
    results = together([lambda c=c, f=f: post_progress(c, f) for c, f in zip(clients, forms)])

    assert all(status in (302, 409) for status, _ in results), [s for s, _ in results]
    saved = sum(1 for status, _ in results if status == 302)
    rows = task_rows(app, 4)
    assert len(rows) == 1, "one entry per task"
    assert len(rows[0][1]) == saved
    assert saved == 10, "reports that differ are all recorded, one after the other"
    audits = audit_rows(app, object_type="registry_entry", object_id=str(rows[0][0]))
    assert [a["action"] for a in audits].count("create") == 1
    assert [a["action"] for a in audits].count("update") == saved


def test_ten_identical_progress_records_are_saved_once(pg_app):
    app = pg_app
    clients = officials(app, 10, "editor", GUANGZHOU)
    forms = [progress_form(c, task=5, year=2017, status="completed", date="2017-12-20", note="同一份报告")
             for c in clients]
    results = together([lambda c=c, f=f: post_progress(c, f) for c, f in zip(clients, forms)])

    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [409] * 9, statuses
    refused = [page for status, page in results if status == 409]
    assert all("已记录" in page for page in refused)
    rows = task_rows(app, 5)
    assert len(rows) == 1 and rows[0][1] == [("progress", "同一份报告")]
    audits = audit_rows(app, object_type="registry_entry", object_id=str(rows[0][0]))
    assert [a["action"] for a in audits] == ["create", "update"]


GOOD = ("name,kind,level,region,established,source\n"
        "天河区知识产权公共服务中心,comprehensive,county,440106,2024-03-01,穗知公告\n"
        "黄埔区知识产权公共服务中心,comprehensive,county,440112,2024-05-01,公告\n").encode()


def _upload(client, token):
    r = client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(GOOD), "good.csv")},
                    content_type="multipart/form-data")
    return r.status_code, text(r)


def test_ten_identical_imports_store_the_institutions_once(pg_app):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry

    app = pg_app
    clients = officials(app, 10, "editor", GUANGDONG)
    tokens = [csrf_token(text(c.get(IMPORT))) for c in clients]
    results = together([lambda c=c, t=t: _upload(c, t) for c, t in zip(clients, tokens)])

    assert all(status < 500 for status, _ in results), [s for s, _ in results]
    imported = [page for status, page in results if status == 302]
    assert len(imported) == 1
    with app.app_context():
        names = db.session.scalars(select(RegistryEntry.name).where(
            RegistryEntry.registry_name == "guangdong-institutions")).all()
    assert sorted(names) == ["天河区知识产权公共服务中心", "黄埔区知识产权公共服务中心"]
    audits = [a for a in audit_rows(app) if a["object_type"] != "user"]
    assert len(audits) == 1
    refused = [page for status, page in results if status != 302]
    assert refused and all("已在登记中" in page for page in refused)


def test_fifty_editors_renaming_a_jurisdiction(pg_app):
    from policyhub.db import db
    from policyhub.db.models import JurisdictionRow

    app = pg_app
    clients = officials(app, 50, "superuser", None, prefix="root")
    url = f"/admin/jurisdictions/edit/?id={HUNAN}"
    forms = [read_form(text(c.get(url))) for c in clients]
    for i, f in enumerate(forms):
        f["name_zh"] = f"湖南省{i}"

    def save(c, f):
        r = c.post(url, data=f)
        return r.status_code, text(r)

    results = together([lambda c=c, f=f: save(c, f) for c, f in zip(clients, forms)])
    assert all(status in (200, 302) for status, _ in results), [s for s, _ in results]
    saved = [i for i, (status, _) in enumerate(results) if status == 302]
    assert len(saved) == 1, "every form was opened on the same version: only one save can be based on it"
    assert all(STALE_ZH in page for status, page in results if status == 200)
    with app.app_context():
        assert db.session.get(JurisdictionRow, HUNAN).name_zh == f"湖南省{saved[0]}"
    audits = audit_rows(app, object_type="jurisdiction", object_id=HUNAN)
    assert len(audits) == 1 and audits[0]["after"]["name_zh"] == f"湖南省{saved[0]}"


def test_role_change_and_deactivation_of_one_user_at_once(pg_app, monkeypatch):
    """Both saves pass the version check before either writes (a barrier holds them there): the database
    must refuse the second."""
    from policyhub.admin.views.users import UserView
    from policyhub.db import db
    from policyhub.db.models import User

    app = pg_app
    checked = threading.Barrier(2)
    original = UserView.before_audit

    def after_both_checks(self, form, model, is_created):
        checked.wait(timeout=60)
        return original(self, form, model, is_created)

    monkeypatch.setattr(UserView, "before_audit", after_both_checks)
    a, b = officials(app, 2, "superuser", None, prefix="root")
    uid = make_user(app, "target", "viewer", GUANGZHOU)
    url = f"/admin/users/edit/?id={uid}"
    form_a, form_b = read_form(text(a.get(url))), read_form(text(b.get(url)))
    form_a["role"] = "editor"
    form_b.pop("active", None)                      # unticked: deactivate

    results = together([lambda: a.post(url, data=form_a).status_code,
                        lambda: b.post(url, data=form_b).status_code])
    assert sorted(results) == [200, 302]
    with app.app_context():
        user = db.session.get(User, uid)
        state = (user.role, user.active)
        count = db.session.scalar(select(func.count()).select_from(User).where(User.username == "target"))
    assert count == 1
    assert state in (("editor", True), ("viewer", False)), state
    audits = audit_rows(app, object_type="user", object_id=str(uid))
    assert len(audits) == 1
