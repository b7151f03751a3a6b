"""The back office in a real browser: sign-in, jurisdiction scoping, a refused URL, a refused stale edit in
two browser contexts, the English switch. Screenshots are kept under artifacts/screenshots/."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import screenshot

pytest.importorskip("playwright")

PASSWORD = "correct horse battery"
HUANGPU, HUNAN = "440112", "430000"
LIST = "/admin/registries/huangpu-platforms/"


def _user(app, username, role, jurisdiction):
    from policyhub.db import db
    from policyhub.db.models import User
    from policyhub.admin.auth import hash_password

    with app.app_context():
        db.session.add(User(username=username, password_hash=hash_password(PASSWORD), role=role,
                            jurisdiction_code=jurisdiction, active=True))
        db.session.commit()


def _entry(app, name, code, events=()):
    from policyhub.db import db
    from policyhub.db.models import RegistryEntry, RegistryEvent

    with app.app_context():
        row = RegistryEntry(registry_name="huangpu-platforms", jurisdiction_code=code, name=name,
                            data={"category": "operation"})
        for date, event in events:
            row.events.append(RegistryEvent(date=dt.date.fromisoformat(date), event=event, data={}, note=""))
        db.session.add(row)
        db.session.commit()
        return row.id


def _login(page, base, username):
    page.goto(f"{base}/admin/")
    assert "/admin/login/" in page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#ph-current-user")


@pytest.fixture
def scene(app):
    _user(app, "huangpu-editor", "editor", HUANGPU)
    _user(app, "huangpu-editor-2", "editor", HUANGPU)
    return {
        "huangpu": _entry(app, "黄埔知识产权运营服务平台", HUANGPU, events=[("2024-01-02", "applied")]),
        "hunan": _entry(app, "湖南某园区分中心", HUNAN),
    }


def test_login_and_scoped_list(page, live_server, scene):
    page.goto(f"{live_server}/admin/login/")
    assert page.locator("#login-submit").inner_text() == "登录"
    page.fill("#username", "huangpu-editor")
    page.fill("#password", "wrong password")
    page.click("#login-submit")
    assert "用户名或密码错误" in page.content()
    screenshot(page, "admin-login-wrong-password")
    _login(page, live_server, "huangpu-editor")
    assert "huangpu-editor" in page.locator("#ph-current-user").inner_text()
    screenshot(page, "admin-home-editor")
    page.goto(f"{live_server}{LIST}")
    body = page.locator("table.model-list").inner_text()
    assert "黄埔知识产权运营服务平台" in body and "湖南某园区分中心" not in body
    screenshot(page, "admin-registry-list-scoped")


def test_another_jurisdictions_url_is_refused(page, live_server, scene):
    _login(page, live_server, "huangpu-editor")
    response = page.goto(f"{live_server}{LIST}edit/?id={scene['hunan']}")
    assert response.status == 404
    assert page.locator("#ph-refused").is_visible()
    assert "湖南某园区分中心" not in page.content()
    screenshot(page, "admin-other-jurisdiction-refused")
    response = page.goto(f"{live_server}/admin/users/")
    assert response.status == 403
    screenshot(page, "admin-users-refused-for-editor")


def test_stale_edit_refused_in_two_browser_contexts(browser, page, live_server, scene, app):
    other_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    other = other_context.new_page()
    try:
        _login(page, live_server, "huangpu-editor")
        _login(other, live_server, "huangpu-editor-2")
        url = f"{live_server}{LIST}edit/?id={scene['huangpu']}"
        page.goto(url)
        other.goto(url)
        page.fill("#name", "第一位编辑的名称")
        page.click("input[type=submit][value='保存']")
        page.wait_for_url(f"{live_server}{LIST}")
        other.fill("#name", "第二位编辑的名称")
        other.click("input[type=submit][value='保存']")
        other.wait_for_load_state()
        message = other.locator(".alert-danger, .alert-error").first.inner_text()
        assert "huangpu-editor" in message and "未保存" in message
        screenshot(other, "admin-stale-edit-refused")
        from policyhub.db import db
        from policyhub.db.models import RegistryEntry

        with app.app_context():
            assert db.session.get(RegistryEntry, scene["huangpu"]).name == "第一位编辑的名称"
    finally:
        other_context.close()


def test_english_switch(page, live_server, scene):
    _login(page, live_server, "huangpu-editor")
    page.goto(f"{live_server}{LIST}")
    assert "列表" in page.content()
    page.click("#ph-lang-en")
    page.wait_for_load_state()
    assert "List" in page.locator(".nav-tabs").first.inner_text()
    assert page.locator("#ph-logout").inner_text() == "Sign out"
    screenshot(page, "admin-registry-list-english")
    page.goto(f"{live_server}/admin/")
    assert "Signed in as huangpu-editor" in page.content()
    page.click("#ph-lang-zh")
    page.wait_for_load_state()
    assert page.locator("#ph-logout").inner_text() == "退出登录"
