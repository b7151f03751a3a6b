"""Policy test cases edited in the back office, per draft round (issue 12 §1): list, add, edit, copy, delete,
"take the current result", accepting a draft's new results from the preview, scoping, CSRF, stale versions,
validation beside the fields, audit, export and `init --reload`.

Runs on the fixture policies of tests/admin/policies (alpha district: `alpha-platform`, round 2024 published,
two cases pinned to 2024; beta district: `beta-voucher`, no cases).
"""
from __future__ import annotations

import re

from admin_helpers import audit_rows, csrf_token, read_form, text
from test_rounds import clone, post_form, round_id, round_row, rounds_app, root, fixture_policyset, set_parameter, \
    signed_in  # noqa: F401 (fixtures)

PASSING = "30 members, finance platform with a full sheet passes"


def clone_from(c, app, src_key: str, key: str) -> int:
    src = round_id(app, "alpha-platform", src_key)
    page = c.get(f"/admin/rounds/{src}/")
    r = c.post(f"/admin/rounds/{src}/clone", data={"csrf_token": csrf_token(text(page)), "new_key": key})
    assert r.status_code == 302, text(r)
    return round_id(app, "alpha-platform", key)


def cases_rows(app):
    from policyhub.db import db
    from policyhub.db.models import CasesRow

    with app.app_context():
        return [{"id": r.id, "source": r.source, "version": r.version, "data": r.data}
                for r in db.session.query(CasesRow).order_by(CasesRow.id)]


def file_id(app) -> int:
    return cases_rows(app)[0]["id"]


def edit_url(rid: int, fid: int, index: int) -> str:
    return f"/admin/rounds/{rid}/cases/{fid}/{index}"


# -- list and scope ------------------------------------------------------------------------------------------
def test_list_shows_the_cases_in_words(rounds_app, root):
    rid = clone(root, rounds_app)
    page = text(root.get(f"/admin/rounds/{rid}/cases/"))
    assert PASSING in page and "10 members fail the conditions" in page
    assert 'id="ph-case-new"' in page and "ph-case-copy" in page
    assert "{" not in page.split('id="ph-case-list"')[1].split("</table>")[0]      # no JSON
    assert 'data-passed="no"' not in page


def test_other_jurisdictions_and_viewers(rounds_app, root):
    rid = clone(root, rounds_app)
    fid = file_id(rounds_app)
    bob = signed_in(rounds_app, "bob")                 # beta's editor
    assert bob.get(f"/admin/rounds/{rid}/cases/").status_code == 404
    assert bob.get(edit_url(rid, fid, 0)).status_code == 404
    token = csrf_token(text(bob.get("/admin/rounds/")))
    r = bob.post(f"{edit_url(rid, fid, 0)}/copy", data={"csrf_token": token, "version": "1"})
    assert r.status_code == 404
    vera = signed_in(rounds_app, "vera")               # alpha's viewer: sees, cannot change
    page = text(vera.get(f"/admin/rounds/{rid}/cases/"))
    assert PASSING in page and 'id="ph-case-new"' not in page
    r = vera.post(f"{edit_url(rid, fid, 0)}/copy", data={"csrf_token": csrf_token(page), "version": "1"})
    assert r.status_code == 403
    assert len(cases_rows(rounds_app)[0]["data"]["cases"]) == 2


def test_a_case_file_of_another_scheme_is_not_reached_through_this_round(rounds_app, root):
    beta = round_id(rounds_app, "beta-voucher", "2024")
    fid = file_id(rounds_app)                          # alpha's cases
    assert root.get(edit_url(beta, fid, 0)).status_code == 404
    rid = clone(root, rounds_app)
    assert root.get(edit_url(rid, fid, 7)).status_code == 404


def test_published_round_cases_are_read_only(rounds_app, root):
    old = round_id(rounds_app, "alpha-platform", "2024")
    fid = file_id(rounds_app)
    page = text(root.get(edit_url(old, fid, 0)))
    assert "<fieldset disabled>" in page
    r = post_form(root, edit_url(old, fid, 0), {"name_en": "changed"})
    assert r.status_code == 409
    assert cases_rows(rounds_app)[0]["version"] == 1


# -- edit --------------------------------------------------------------------------------------------------------
def test_edit_facts_name_and_expectation_through_typed_fields(rounds_app, root):
    rid = clone(root, rounds_app)
    fid = file_id(rounds_app)
    url = edit_url(rid, fid, 1)
    page = text(root.get(url))
    assert 'name="f_members"' in page and 'type="number"' in page
    assert 'name="f_has_office"' in page and "JSON" not in page
    fields = read_form(page)
    assert fields["f_members"] == "10" and fields["f_has_office"] == "yes" and fields["x_outcome"] == "fail"
    r = post_form(root, url, {"name_zh": "十二家成员", "name_en": "12 members", "f_members": "12",
                              "f_releases": ""})
    assert r.status_code == 302, text(r)
    row = cases_rows(rounds_app)[0]
    case = row["data"]["cases"][1]
    assert row["version"] == 2
    assert case["name"] == {"zh": "十二家成员", "en": "12 members"}
    assert case["facts"]["members"] == 12 and "releases" not in case["facts"]       # empty = unknown
    # the case is written for 2024: what it expects of the 2025 draft is kept apart
    assert case["expect"] == {"outcome": "fail", "items": {"members": {"result": "fail"}}}
    assert case["expect_in"]["2025"]["outcome"] == "fail"
    audit = audit_rows(rounds_app, object_type="cases")
    assert [a["action"] for a in audit] == ["update"] and audit[0]["object_id"] == str(fid)
    assert audit[0]["jurisdiction_code"] == "990001"
    with rounds_app.test_request_context("/?lang=zh"):
        from policyhub.admin import audit_text
        from policyhub.db import db
        from policyhub.db.models import AuditLog
        row = db.session.query(AuditLog).filter_by(object_type="cases").one()
        assert audit_text.summary(row) == "已修改用例“十二家成员”（轮次 2025）"
        assert audit_text.object_name(row) == "甲区知识产权服务平台"
        (what, before, after), = audit_text.changes(row)             # one case changed, in words
        assert what == "十二家成员" and "联盟成员单位数量: 10" in before and "联盟成员单位数量: 12" in after
        assert "对轮次 2025 的预期" in after and "expect" not in after and "facts" not in after
    assert audit[0]["after"]["cases"][1]["facts"]["members"] == 12


def test_validation_errors_are_shown_beside_the_fields(rounds_app, root):
    rid = clone(root, rounds_app)
    url = edit_url(rid, file_id(rounds_app), 1)
    r = post_form(root, url, {"name_en": "", "f_members": "many", "x_item_0": "", "x_item_0_result": "fail",
                              "x_score": "lots"})
    assert r.status_code == 422
    body = text(r)
    assert body.count("ph-field-error") >= 4
    members = body.split('id="fact-members"')[1].split("</tr>")[0]
    assert "ph-field-error" in members
    name_en = body.split('id="name_en"')[1].split("</div>")[0]
    assert "ph-field-error" in name_en
    assert cases_rows(rounds_app)[0]["version"] == 1


def test_stale_version_and_missing_csrf_are_refused(rounds_app, root):
    rid = clone(root, rounds_app)
    fid = file_id(rounds_app)
    url = edit_url(rid, fid, 0)
    stale = read_form(text(root.get(url)))
    assert post_form(root, edit_url(rid, fid, 1), {"f_members": "11"}).status_code == 302
    stale["f_members"] = "31"
    r = root.post(url, data=stale)
    assert r.status_code == 409 and "root" in text(r)
    assert cases_rows(rounds_app)[0]["data"]["cases"][0]["facts"]["members"] == 30
    fresh = read_form(text(root.get(url)))
    fresh.pop("csrf_token")
    fresh["f_members"] = "31"
    assert root.post(url, data=fresh).status_code == 400
    assert cases_rows(rounds_app)[0]["data"]["cases"][0]["facts"]["members"] == 30


def test_take_the_current_result_fills_the_expectation(rounds_app, root):
    rid = clone(root, rounds_app)
    assert set_parameter(root, rid, "min_members", "35").status_code == 302
    url = edit_url(rid, file_id(rounds_app), 0)
    r = post_form(root, url, {"action": "take"})
    assert r.status_code == 200
    fields = read_form(text(r))
    assert fields["x_outcome"] == "fail" and fields["x_taken"] == "1"
    assert cases_rows(rounds_app)[0]["version"] == 1          # nothing saved yet
    r = root.post(url, data=fields)
    assert r.status_code == 302, text(r)
    case = cases_rows(rounds_app)[0]["data"]["cases"][0]
    assert case["expect"]["outcome"] == "pass"                 # still what 2024 answers
    assert case["expect_in"]["2025"]["outcome"] == "fail"
    assert "ph-case" in text(root.get(f"/admin/rounds/{rid}/cases/"))
    assert 'data-passed="no"' not in text(root.get(f"/admin/rounds/{rid}/cases/"))


# -- add, copy, delete ---------------------------------------------------------------------------------------------
def test_add_a_case_to_the_draft(rounds_app, root):
    rid = clone(root, rounds_app)
    url = f"/admin/rounds/{rid}/cases/new"
    r = post_form(root, url, {"name_zh": "二十五家", "name_en": "25 members", "f_members": "25",
                              "f_office_area": "40", "x_item_0": "members", "x_item_0_result": "pass"})
    assert r.status_code == 302, text(r)
    rows = cases_rows(rounds_app)
    assert len(rows) == 2 and rows[1]["source"] == "" and rows[1]["data"]["round"] == "2025"
    case = rows[1]["data"]["cases"][0]
    assert case["name"]["en"] == "25 members" and case["expect"] == {"items": {"members": {"result": "pass"}}}
    assert [a["action"] for a in audit_rows(rounds_app, object_type="cases")] == ["create"]
    page = text(root.get(f"/admin/rounds/{rid}/cases/"))
    assert "二十五家" in page
    # an expectation is required
    r = post_form(root, url, {"name_zh": "空", "name_en": "empty", "f_members": "25"})
    assert r.status_code == 422 and "ph-field-error" in text(r)


def test_copy_and_delete(rounds_app, root):
    rid = clone(root, rounds_app)
    fid = file_id(rounds_app)
    page = text(root.get(f"/admin/rounds/{rid}/cases/"))
    r = root.post(f"{edit_url(rid, fid, 0)}/copy", data={"csrf_token": csrf_token(page), "version": "1"})
    assert r.status_code == 302 and r.headers["Location"].endswith(edit_url(rid, fid, 1))
    cases = cases_rows(rounds_app)[0]["data"]["cases"]
    assert len(cases) == 3 and cases[1]["round"] == "2025" and cases[1]["facts"] == cases[0]["facts"]
    assert cases[1]["name"]["zh"].endswith("（副本）") and cases[1]["name"]["en"].endswith("(copy)")
    # a stale copy is refused
    r = root.post(f"{edit_url(rid, fid, 0)}/copy", data={"csrf_token": csrf_token(page), "version": "1"})
    assert r.status_code == 409
    # delete needs the confirmation box
    r = post_form(root, edit_url(rid, fid, 1), {"action": "delete"})
    assert r.status_code == 422 and len(cases_rows(rounds_app)[0]["data"]["cases"]) == 3
    r = post_form(root, edit_url(rid, fid, 1), {"action": "delete", "confirm": "yes"})
    assert r.status_code == 302
    assert len(cases_rows(rounds_app)[0]["data"]["cases"]) == 2
    assert [a["action"] for a in audit_rows(rounds_app, object_type="cases")] == ["create", "delete"]


# -- preview: accept the new results, then publish -------------------------------------------------------------------
def test_preview_lists_changed_cases_and_accepting_lets_publishing_succeed(rounds_app, root):
    rid = clone(root, rounds_app)
    assert set_parameter(root, rid, "min_members", "35").status_code == 302
    page = text(root.get(f"/admin/rounds/{rid}/preview"))
    changed = page.split('id="ph-changed-cases"')[1].split("</table>")[0]
    assert PASSING in changed and "10 members" not in changed
    assert "→" in changed and "ph-cause" in changed
    cause = re.search(r'class="ph-cause">([^<]+)<', changed).group(1)
    assert "→" in cause and "{" not in cause
    # publishing is refused while it fails
    token = csrf_token(page)
    assert root.post(f"/admin/rounds/{rid}/publish", data={"csrf_token": token, "version": "2"}).status_code == 409
    # nothing ticked: nothing accepted
    form = read_form(page, pick=lambda f: f["id"] == "ph-changed")
    assert "pick" not in form
    r = root.post(f"/admin/rounds/{rid}/cases/accept", data=form)
    assert r.status_code == 302 and cases_rows(rounds_app)[0]["version"] == 1
    ref = re.search(r'name="pick" value="([0-9]+:[0-9]+)"', changed).group(1)
    r = root.post(f"/admin/rounds/{rid}/cases/accept", data={**form, "pick": ref})
    assert r.status_code == 302, text(r)
    case = cases_rows(rounds_app)[0]["data"]["cases"][0]
    assert case["expect"] == {"outcome": "pass", "score": 95}                    # still 2024's answer
    assert case["expect_in"]["2025"]["outcome"] == "fail"
    # a second accept on the old form is stale
    assert root.post(f"/admin/rounds/{rid}/cases/accept", data={**form, "pick": ref}).status_code == 409
    r = root.post(f"/admin/rounds/{rid}/publish", data={"csrf_token": token, "version": "2"})
    assert r.status_code == 302, text(r)
    assert round_row(rounds_app, rid)["status"] == "published"
    # every case that tested the draft now says what it expects of 2025, so it goes on testing 2025's successors
    cases = cases_rows(rounds_app)[0]["data"]["cases"]
    assert cases[0]["expect_in"]["2025"]["outcome"] == "fail"
    assert cases[1]["expect_in"]["2025"] == cases[1]["expect"]
    assert "2025" in audit_rows(rounds_app, object_type="cases")[-1]["summary"]        # stored as a Message
    # a 2026 draft cloned from 2025 is tested by both cases, with what they expect of 2025
    rid26 = clone_from(root, rounds_app, "2025", "2026")
    page = text(root.get(f"/admin/rounds/{rid26}/cases/"))
    assert page.count('class="ph-case"') == 2 and 'data-passed="no"' not in page
    # every case passes against the round it expects something of, old and new
    with rounds_app.app_context():
        from policyhub.testing.cases import run_all
        from policyhub.webhub import current_hub
        outcomes = run_all(current_hub())
    assert outcomes and all(o.passed for o in outcomes), [o.failures for o in outcomes]
    assert any("[2025]" in o.name for o in outcomes)


def test_accept_is_scoped_and_needs_a_draft(rounds_app, root):
    rid = clone(root, rounds_app)
    assert set_parameter(root, rid, "min_members", "35").status_code == 302
    page = text(root.get(f"/admin/rounds/{rid}/preview"))
    form = read_form(page, pick=lambda f: f["id"] == "ph-changed")
    ref = f"{file_id(rounds_app)}:0"
    bob = signed_in(rounds_app, "bob")
    token = csrf_token(text(bob.get("/admin/rounds/")))
    assert bob.post(f"/admin/rounds/{rid}/cases/accept", data={**form, "csrf_token": token,
                                                               "pick": ref}).status_code == 404
    old = round_id(rounds_app, "alpha-platform", "2024")
    assert root.post(f"/admin/rounds/{old}/cases/accept", data={**form, "pick": ref}).status_code == 409
    assert cases_rows(rounds_app)[0]["version"] == 1


# -- files: export and init --------------------------------------------------------------------------------------------
def test_back_office_edits_export_to_the_same_file_and_survive_init_reload(rounds_app, root, fixture_policyset):
    from policyhub.db import db
    from policyhub.db.store import load_policyset, save_policyset
    from policyhub.export import export_files
    from policyhub.yamlio import load_yaml

    rid = clone(root, rounds_app)
    fid = file_id(rounds_app)
    assert post_form(root, edit_url(rid, fid, 1), {"name_zh": "十二家", "name_en": "12 members",
                                                   "f_members": "12"}).status_code == 302
    with rounds_app.app_context():
        files = export_files(load_policyset(db.session))
        name = [p for p in files if p.endswith("/cases/alpha-platform-cases.yaml")]
        assert name, sorted(files)
        doc = load_yaml(files[name[0]])
        assert doc["cases"][1]["name"] == {"zh": "十二家", "en": "12 members"}
        assert doc["cases"][1]["facts"]["members"] == 12
        # the files' version (members: 10) does not overwrite the back-office edit
        report = save_policyset(db.session, fixture_policyset, replace=True)
        db.session.commit()
        assert [c.reason for c in report.conflicts if c.object_type == "cases"] == ["edited"]
    assert cases_rows(rounds_app)[0]["data"]["cases"][1]["facts"]["members"] == 12


# -- list facts: repeatable rows -----------------------------------------------------------------------------------
def test_list_facts_are_repeatable_rows(app):
    """Hunan's requirements: each resident staff member's years of experience is a row, never JSON."""
    from admin_helpers import login, make_user
    from policyhub.db import db
    from policyhub.db.models import CasesRow

    make_user(app, "hn-root", "superuser", None)
    c = app.test_client()
    assert login(c, "hn-root").status_code == 302
    scheme = "hunan-park-subcentre-requirements"
    with app.app_context():
        from policyhub.db.models import RoundRow
        src = db.session.query(RoundRow.id).filter_by(scheme_key=scheme, key="2020").scalar()
        crow = db.session.query(CasesRow).filter_by(scheme_key=scheme).first()
        fid = crow.id
        index = next(i for i, k in enumerate(crow.data["cases"])
                     if (k.get("facts") or {}).get("staff_ip_experience_years") == [2, 0.5, 0])
    page = text(c.get(f"/admin/rounds/{src}/"))
    r = c.post(f"/admin/rounds/{src}/clone", data={"csrf_token": csrf_token(page), "new_key": "2021"})
    assert r.status_code == 302, text(r)
    with app.app_context():
        rid = db.session.query(RoundRow.id).filter_by(scheme_key=scheme, key="2021").scalar()
    url = edit_url(rid, fid, index)
    page = text(c.get(url))
    fields = read_form(page)
    assert [fields[f"f_staff_ip_experience_years__{i}"] for i in range(3)] == ["2", "0.5", "0"]
    assert fields["f_staff_ip_experience_years__3"] == ""                 # blank rows to add more
    assert "[2, 0.5, 0]" not in page
    # a wrong row is shown beside the list with its row number; nothing is saved
    r = c.post(url, data={**fields, "f_staff_ip_experience_years__1": "-1"})
    assert r.status_code == 422
    rows = text(r).split('id="fact-staff_ip_experience_years"')[1].split('<tr id="fact-')[0]
    assert "第2行" in rows and "ph-field-error" in rows
    # more rows on request; a blank row in the middle is left out
    r = c.post(url, data={**fields, "action": "more:staff_ip_experience_years"})
    assert read_form(text(r))["f_staff_ip_experience_years__7"] == ""
    r = c.post(url, data={**fields, "f_staff_ip_experience_years__1": "", "f_staff_ip_experience_years__4": "3"})
    assert r.status_code == 302, text(r)
    with app.app_context():
        case = db.session.get(CasesRow, fid).data["cases"][index]
    assert case["facts"]["staff_ip_experience_years"] == [2, 0, 3]
