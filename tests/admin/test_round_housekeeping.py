"""Round housekeeping in the back office (issue 12 §4): a draft's title and effective date, and deleting a
draft; refused for published rounds, other jurisdictions and stale forms; audited."""
from __future__ import annotations

from admin_helpers import audit_rows, csrf_token, read_form, text
from test_rounds import (clone, fixture_policyset, post_form, root, round_id, round_row, rounds_app,  # noqa: F401
                         signed_in)


def _settings(c, rid, **change):
    return post_form(c, f"/admin/rounds/{rid}/settings", change, pick=lambda f: f.get("id") == "ph-settings-form")


def test_an_editor_changes_a_drafts_title_and_effective_date(rounds_app, root):
    rid = clone(root, rounds_app, "2025")
    page = root.get(f"/admin/rounds/{rid}/settings", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "删除此草稿" in text(page)
    r = _settings(root, rid, title_zh="2025年度申报", title_en="2025 applications", effective="2025-03-01")
    assert r.status_code == 302, text(r)
    row = round_row(rounds_app, rid)
    assert row["data"]["title"] == {"zh": "2025年度申报", "en": "2025 applications"}
    assert row["data"]["effective"] == "2025-03-01" and row["version"] == 2
    (entry,) = audit_rows(rounds_app, action="update", object_type="round")
    assert entry["object_id"] == str(rid)


def test_half_a_title_or_a_bad_date_is_refused_beside_the_field(rounds_app, root):
    rid = clone(root, rounds_app, "2025")
    r = _settings(root, rid, title_zh="只有中文", title_en="")
    assert r.status_code == 400 and "ph-field-error" in text(r)
    r = _settings(root, rid, effective="2025-13-40")
    assert r.status_code == 400 and "ph-field-error" in text(r)
    assert round_row(rounds_app, rid)["version"] == 1


def test_a_published_round_has_no_settings_to_save_and_cannot_be_deleted(rounds_app, root):
    rid = round_id(rounds_app, "alpha-platform", "2024")
    page = root.get(f"/admin/rounds/{rid}/settings")
    fields = read_form(text(page), lambda f: f.get("id") == "ph-settings-form")
    r = root.post(f"/admin/rounds/{rid}/settings", data={**fields, "title_zh": "改", "title_en": "changed"})
    assert r.status_code == 409
    r = root.post(f"/admin/rounds/{rid}/delete", data={"csrf_token": fields["csrf_token"], "version": "1",
                                                       "confirm": "y"})
    assert r.status_code == 409 and round_row(rounds_app, rid)["status"] == "published"


def _delete(c, rid, version, confirm=True):
    page = c.get(f"/admin/rounds/{rid}/")
    data = {"csrf_token": csrf_token(text(page)), "version": str(version)}
    if confirm:
        data["confirm"] = "y"
    return c.post(f"/admin/rounds/{rid}/delete", data=data)


def test_deleting_a_draft_needs_confirmation_is_audited_and_keeps_a_copy(rounds_app, root):
    rid = clone(root, rounds_app, "2025")
    assert _delete(root, rid, 1, confirm=False).status_code == 400
    assert round_id(rounds_app, "alpha-platform", "2025") == rid
    r = _delete(root, rid, 1)
    assert r.status_code == 302, text(r)
    assert round_id(rounds_app, "alpha-platform", "2025") is None
    (entry,) = audit_rows(rounds_app, action="delete", object_type="round")
    assert entry["object_id"] == str(rid) and entry["before"]["key"] == "2025" and entry["after"] is None


def test_a_stale_delete_is_refused(rounds_app, root):
    rid = clone(root, rounds_app, "2025")
    assert _settings(root, rid, effective="2025-03-01").status_code == 302      # now version 2
    r = _delete(root, rid, 1)
    assert r.status_code == 409 and round_id(rounds_app, "alpha-platform", "2025") == rid


def test_another_jurisdictions_editor_cannot_delete_or_change_settings(rounds_app, root):
    rid = clone(root, rounds_app, "2025")
    bob = signed_in(rounds_app, "bob")
    assert bob.get(f"/admin/rounds/{rid}/settings").status_code == 404
    home = bob.get("/admin/rounds/")
    r = bob.post(f"/admin/rounds/{rid}/delete", data={"csrf_token": csrf_token(text(home)), "version": "1",
                                                      "confirm": "y"})
    assert r.status_code == 404 and round_id(rounds_app, "alpha-platform", "2025") == rid
