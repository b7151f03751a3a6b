"""The JSON API: every route, its errors with field paths, the OpenAPI document, and a seeded fuzz of bad
bodies that must never produce a 500."""
from __future__ import annotations

import json
import random
import re

import pytest

from policyhub.web import openapi

API = "/api/v1"
GOOD = {"office_area": 40, "staff": 5, "has_plan": True, "applicant_kind": "enterprise", "founded": "2020-01-01"}


def check(resp, pointer: str):
    """The response body validates against the document's schema at `pointer`."""
    errors = list(openapi.pointer_validator(pointer).iter_errors(resp.get_json()))
    assert not errors, [e.message for e in errors]


def response_pointer(path: str, method: str, status: int) -> str:
    esc = path.replace("~", "~0").replace("/", "~1")
    op = openapi.document()["paths"][path][method]
    ref = op["responses"][str(status)]
    if "$ref" in ref:
        return "/components/responses/" + ref["$ref"].rsplit("/", 1)[-1] + "/content/application~1json/schema"
    return f"/paths/{esc}/{method}/responses/{status}/content/application~1json/schema"


def post(client, url, body=None, *, raw=None, content_type="application/json"):
    data = raw if raw is not None else json.dumps(body)
    return client.post(API + url, data=data, content_type=content_type)


def assert_errors(resp, status, *paths):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/json"
    body = resp.get_json()
    assert body["errors"] and all(set(e) == {"path", "message"} for e in body["errors"])
    for p in paths:
        assert p in [e["path"] for e in body["errors"]], body
    return body


# -- the catalogue --------------------------------------------------------------------------------------
def test_list_schemes(web_client):
    resp = web_client.get(API + "/schemes")
    assert resp.status_code == 200
    check(resp, response_pointer("/schemes", "get", 200))
    by_key = {s["key"]: s for s in resp.get_json()["schemes"]}
    assert set(by_key) == {"test-centre", "test-platform-annual", "test-coverage"}
    centre = by_key["test-centre"]
    assert centre["jurisdiction"]["name"] == {"zh": "测试省", "en": "Testland Province"}
    assert centre["document"]["number"] == "测试〔2024〕1号"
    assert centre["document"]["issuer"]["zh"] == "测试省市场监督管理局"
    assert [(r["key"], r["current"], r["sections"]) for r in centre["rounds"]] == [("2024", True, ["criteria"])]
    assert centre["rounds"][0]["digest"].startswith("sha256:")
    assert [c["key"] for c in by_key["test-platform-annual"]["rounds"][0]["categories"]] == ["finance", "tech"]
    assert "测试省" in resp.get_data(as_text=True)             # UTF-8, not \u escapes


def test_one_scheme_and_unknown_scheme(web_client):
    resp = web_client.get(API + "/schemes/test-centre")
    assert resp.status_code == 200
    check(resp, response_pointer("/schemes/{key}", "get", 200))
    assert resp.get_json()["current_round"] == "2024"
    assert_errors(web_client.get(API + "/schemes/nope"), 404)


def test_fact_schema_by_round_and_category(web_client):
    resp = web_client.get(API + "/schemes/test-platform-annual/facts?round=2024&category=tech")
    assert resp.status_code == 200
    check(resp, response_pointer("/schemes/{key}/facts", "get", 200))
    props = resp.get_json()["properties"]
    assert "patents_analysed" in props and "loans" not in props
    assert props["staff"]["x-unit"] == {"zh": "人", "en": "persons"}
    assert props["plan_quality"]["x-expert"] is True
    every = web_client.get(API + "/schemes/test-platform-annual/facts").get_json()["properties"]
    assert {"loans", "patents_analysed"} <= set(every)
    assert_errors(web_client.get(API + "/schemes/test-platform-annual/facts?category=nope"), 400, "category")
    assert_errors(web_client.get(API + "/schemes/test-centre/facts?round=1999"), 404)
    assert_errors(web_client.get(API + "/schemes/nope/facts"), 404)


# -- evaluation -------------------------------------------------------------------------------------------
def test_evaluate_names_the_rule_version_and_explains(web_client):
    resp = post(web_client, "/schemes/test-centre/evaluate", {"facts": {**GOOD, "staff": 3}, "round": "2024",
                                                               "as_of": "2025-01-01"})
    assert resp.status_code == 200
    check(resp, response_pointer("/schemes/{key}/evaluate", "post", 200))
    res = resp.get_json()
    assert (res["scheme"], res["round"], res["round_version"], res["outcome"], res["as_of"]) == (
        "test-centre", "2024", 1, "fail", "2025-01-01")
    assert re.fullmatch(r"sha256:[0-9a-f]+", res["digest"])
    staff = next(i for i in res["items"] if i["key"] == "staff")
    assert staff["parameter"]["value"] == 5 and staff["citation"]["ref"] == "三、申报条件 (二)"
    assert res["suggestions"][0]["text"]["zh"] == "将专职人员从3人增加到5人"
    # the code with its parameters beside the rendered text, for the gap and the suggestion alike
    assert res["suggestions"][0]["message"]["code"] == "suggest.increase"
    assert res["suggestions"][0]["message"]["params"]["to"] == {"value": 5, "unit": {"zh": "人", "en": "persons"}}
    assert staff["gap"]["message"]["code"] == "gap.found" and staff["gap"]["text"]["en"].endswith("needs ≥ 5 persons")


def test_evaluate_passes_and_score_sheet(web_client):
    assert post(web_client, "/schemes/test-centre/evaluate", {"facts": GOOD}).get_json()["outcome"] == "pass"
    resp = post(web_client, "/schemes/test-platform-annual/evaluate",
                {"facts": {"category": "finance", "has_office": True, "staff": 5, "trainings": 10, "loans": 3000}})
    res = resp.get_json()
    check(resp, response_pointer("/schemes/{key}/evaluate", "post", 200))
    assert (res["outcome"], res["score_range"], res["pass_mark"]) == ("pass", [80, 100], 60)
    assert res["sections"]["score_sheet"]["mandatory"][0]["result"] == "pass"


def test_null_fact_is_unknown(web_client):
    res = post(web_client, "/schemes/test-centre/evaluate", {"facts": {**GOOD, "staff": None}}).get_json()
    assert res["outcome"] == "undetermined" and res["missing"] == ["staff"]


def test_wrong_types_unknown_facts_and_nested_paths(web_client):
    body = assert_errors(post(web_client, "/schemes/test-centre/evaluate",
                              {"facts": {"staff": "three", "office_area": -1, "bogus": 1, "founded": "2020-13-01",
                                         "projects": [{"name": "a"}, {}], "has_plan": "yes"}}),
                         422, "facts/staff", "facts/office_area", "facts/bogus", "facts/founded", "facts/projects/1",
                         "facts/has_plan")
    assert any("未知的事实" in e["message"] for e in body["errors"] if e["path"] == "facts/bogus")
    english = post(web_client, "/schemes/test-centre/evaluate?lang=en", {"facts": {"bogus": 1}}).get_json()
    assert english["errors"] == [{"path": "facts/bogus", "message": "unknown fact 'bogus'"}]


@pytest.mark.parametrize("body,paths", [
    ({}, [""]),
    ({"facts": []}, ["facts"]),
    ({"facts": {}, "as_of": "2024-02-30"}, ["as_of"]),
    ({"facts": {}, "as_of": 20240101}, ["as_of"]),
    ({"facts": {}, "round": 2024}, ["round"]),
    ({"facts": {}, "extra": 1}, ["extra"]),
    ([1, 2], [""]),
    ("facts", [""]),
])
def test_body_shape_errors_have_field_paths(web_client, body, paths):
    check_resp = assert_errors(post(web_client, "/schemes/test-centre/evaluate", body), 422, *paths)
    assert check_resp


def test_malformed_json_and_content_type(web_client):
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", raw='{"facts": {'), 400, "")
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", raw='{"facts": {"staff": NaN}}'), 400)
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", raw=b'{"facts": "\xff"}'), 400)
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", raw="", content_type="application/json"), 400)
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", {"facts": {}}, content_type="text/plain"), 415)
    assert_errors(web_client.post(API + "/schemes/test-centre/evaluate", data={"facts": "x"}), 415)
    deep = '{"facts": {"projects": ' + "[" * 100 + "]" * 100 + "}}"
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", raw=deep), 422)
    deeper = '{"facts": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert post(web_client, "/schemes/test-centre/evaluate", raw=deeper).status_code in (400, 413)


def test_unknown_scheme_or_round_is_404(web_client):
    assert_errors(post(web_client, "/schemes/nope/evaluate", {"facts": {}}), 404)
    assert_errors(post(web_client, "/schemes/test-centre/evaluate", {"facts": {}, "round": "1999"}), 404)


def test_oversized_body_is_413_json(tmp_path, web_policyset):
    from .conftest import make_web_app

    client = make_web_app(f"sqlite:///{tmp_path / 'small.db'}", web_policyset, MAX_CONTENT_LENGTH=2048).test_client()
    big = {"facts": {"projects": [{"name": "x" * 100}] * 40}}
    assert len(json.dumps(big)) > 2048
    assert_errors(post(client, "/schemes/test-centre/evaluate", big), 413)
    assert_errors(post(client, "/screen", big), 413)


# -- screening ----------------------------------------------------------------------------------------------
def test_screen_orders_by_closeness(web_client):
    resp = post(web_client, "/screen", {"facts": GOOD, "as_of": "2025-01-01"})
    assert resp.status_code == 200
    check(resp, response_pointer("/screen", "post", 200))
    body = resp.get_json()
    assert body["as_of"] == "2025-01-01"
    # the official-only targets scheme is not screened; test-centre passes, the annual sheet lacks a category
    assert [(e["scheme"], e["outcome"]) for e in body["results"]] == [
        ("test-centre", "pass"), ("test-platform-annual", "undetermined")]
    failing = post(web_client, "/screen", {"facts": {**GOOD, "staff": 1}}).get_json()["results"]
    assert [e["scheme"] for e in failing] == ["test-platform-annual", "test-centre"]
    assert failing[1]["result"]["suggestions"][0]["fact"] == "staff"


def test_screen_errors(web_client):
    assert_errors(post(web_client, "/screen", {"facts": {"bogus": 1}}), 422, "facts/bogus")
    assert_errors(post(web_client, "/screen", {"facts": {}, "schemes": ["nope"]}), 404)
    assert_errors(post(web_client, "/screen", {"facts": {}, "schemes": "test-centre"}), 422, "schemes")
    body = post(web_client, "/screen", {"facts": {"staff": "x"}, "schemes": ["test-centre"]}).get_json()
    assert body["results"][0]["errors"] == [{"path": "facts/staff", "message": "须为整数"}]
    body = post(web_client, "/screen?lang=en", {"facts": {"staff": "x"}, "schemes": ["test-centre"]}).get_json()
    assert body["results"][0]["errors"] == [{"path": "facts/staff", "message": "must be a whole number"}]


# -- the document and the routes ------------------------------------------------------------------------------
def _doc_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule[len(API):])


def test_every_route_is_documented_and_every_documented_route_exists(web_app):
    routes = set()
    for rule in web_app.url_map.iter_rules():
        if rule.rule.startswith(API + "/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((_doc_path(rule.rule), method.lower()))
    documented = {(p, m) for p, ops in openapi.document()["paths"].items() for m in ops
                  if m in ("get", "post", "put", "patch", "delete")}
    assert routes == documented
    assert len(routes) == 7


def test_openapi_document_is_served_and_valid(web_client):
    resp = web_client.get(API + "/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.1") and doc == openapi.document()
    from jsonschema import Draft202012Validator
    for name, schema in doc["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        openapi.validator(name)                            # every reference resolves


def test_unknown_path_and_wrong_method_are_json(web_client):
    assert_errors(web_client.get(API + "/nothing/here"), 404)
    resp = web_client.get(API + "/schemes/test-centre/evaluate")
    assert_errors(resp, 405)
    assert "POST" in resp.headers["Allow"]
    assert web_client.get("/not-an-api-path").mimetype == "text/html"


def test_error_responses_match_the_document(web_client):
    for resp in (web_client.get(API + "/schemes/nope"), post(web_client, "/screen", {"facts": 1}),
                 post(web_client, "/screen", raw="[")):
        check(resp, "/components/schemas/Errors")


# -- fuzz: bad bodies never produce a 500 ---------------------------------------------------------------------
def _value(rng: random.Random, depth: int = 0):
    kinds = ["int", "float", "str", "bool", "null", "list", "dict", "bigint", "date", "empty"]
    k = rng.choice(kinds if depth < 4 else kinds[:5])
    if k == "int":
        return rng.randint(-10**6, 10**6)
    if k == "float":
        return rng.uniform(-1e9, 1e9)
    if k == "str":
        return "".join(rng.choice("ab中文0-9 {}[]\"\\\u0000") for _ in range(rng.randint(0, 12)))
    if k == "bool":
        return rng.random() < 0.5
    if k == "null":
        return None
    if k == "bigint":
        return rng.choice([10**30, -10**30, 2**63, 1e308])
    if k == "date":
        return rng.choice(["2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31", "2024-1-1", ""])
    if k == "empty":
        return rng.choice([[], {}, ""])
    if k == "list":
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["name", "x", "", "facts", "staff"]): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


FACT_NAMES = ["office_area", "staff", "has_plan", "applicant_kind", "founded", "projects", "category", "loans",
              "trainings", "plan_quality", "test-institutions", "bogus", ""]


def _body(rng: random.Random):
    roll = rng.random()
    if roll < 0.1:
        return _value(rng)
    facts = {rng.choice(FACT_NAMES): _value(rng) for _ in range(rng.randint(0, 6))}
    body = {"facts": facts if rng.random() < 0.9 else _value(rng)}
    if rng.random() < 0.3:
        body["round"] = rng.choice(["2024", "2024-2025", "", None, 7, "x" * 100])
    if rng.random() < 0.3:
        body["as_of"] = _value(rng) if rng.random() < 0.5 else rng.choice(["2024-09-01", "2025-12-31", "2024-13-01"])
    if rng.random() < 0.1:
        body[rng.choice(["extra", "schemes"])] = _value(rng)
    return body


def test_fuzz_bad_bodies_never_500(web_client):
    rng = random.Random(20261121)
    targets = ["/schemes/test-centre/evaluate", "/schemes/test-platform-annual/evaluate",
               "/schemes/test-coverage/evaluate", "/screen"]
    seen = {}
    for i in range(400):
        url = rng.choice(targets)
        if i % 10 == 0:
            raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
            resp = post(web_client, url, raw=raw, content_type=rng.choice(["application/json", "text/plain", ""]))
        else:
            resp = post(web_client, url, _body(rng))
        assert resp.status_code in (200, 400, 404, 413, 415, 422), (i, url, resp.status_code, resp.get_data()[:500])
        assert resp.mimetype == "application/json"
        if resp.status_code != 200:
            assert resp.get_json()["errors"], (i, resp.get_json())
        seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
    assert seen.get(200) and seen.get(422) and seen.get(400)      # the fuzz reaches both sides
