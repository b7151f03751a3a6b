"""Odd small inputs get a located 4xx answer or a loader error, never a 500: lone surrogates in the API, deep
nesting in the API, in back-office JSON fields and rules, and in policy files."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "admin"))

EVALUATE = "/api/v1/schemes/hunan-park-subcentre-requirements/evaluate"
DEEP = "[" * 1024 + "]" * 1024                                       # 2 KB of brackets


def _post(client, path: str, raw: str):
    return client.post(path, data=raw.encode("utf-8"), content_type="application/json")


@pytest.mark.parametrize("path, raw, where", [
    (EVALUATE, '{"facts": {"\\ud800": 1}}', "facts"),
    (EVALUATE, '{"facts": {"a": "x\\udfff"}}', "facts/a"),
    (EVALUATE, '{"facts": {}, "round": "\\ud800"}', "round"),
    ("/api/v1/screen", '{"facts": {"\\ud800": 1}}', "facts"),
    ("/api/v1/screen", '{"facts": {}, "schemes": ["\\ud800"]}', "schemes/0"),
])
def test_lone_surrogates_are_a_located_400(client, path, raw, where):
    r = _post(client, path, raw)
    assert r.status_code == 400
    errors = json.loads(r.get_data())["errors"]
    assert errors[0]["path"] == where and "surrogate" in errors[0]["message"]


@pytest.mark.parametrize("path", [EVALUATE, "/api/v1/screen"])
def test_deep_nesting_in_the_api_is_a_4xx(client, path):
    r = _post(client, path, '{"facts": ' + DEEP + "}")
    assert 400 <= r.status_code < 500
    assert "nested" in json.loads(r.get_data())["errors"][0]["message"]


def test_deep_nesting_in_a_rule_text_is_a_located_rule_error():
    from policyhub.jsontext import MAX_TEXT_DEPTH
    from policyhub.rules import RuleError, parse_rule_text

    with pytest.raises(RuleError) as e:
        parse_rule_text(DEEP)
    problem = e.value.errors[0]
    assert problem.code == "parse" and "nested" in problem.message
    assert (problem.line, problem.column) == (1, MAX_TEXT_DEPTH + 1)


def test_deep_nesting_in_a_back_office_json_field_is_a_form_error():
    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    from policyhub.admin.views.fields import JSONObjectField

    class F(Form):
        data = JSONObjectField()

    form = F(MultiDict({"data": '{"a": ' + DEEP + "}"}))
    assert not form.validate()
    assert "nested" in " ".join(form.errors["data"])


def test_deep_nesting_in_a_back_office_form_is_refused_without_a_500(app, client):
    """An event's JSON data typed 2 KB deep: the form comes back with the message."""
    from admin_helpers import HUANGPU, login, make_user, read_form, text

    make_user(app, "ed", "editor", HUANGPU)
    assert login(client, "ed").status_code == 302
    new = "/admin/registries/huangpu-platforms/new/"
    form = read_form(text(client.get(new)))
    form.update({"name": "深", "events-0-date": "2024-01-02", "events-0-event": "applied",
                 "events-0-data": '{"a": ' + DEEP + "}", "events-0-note": ""})
    r = client.post(new, data=form)
    assert r.status_code == 200 and "200" in text(r)               # the form again, saying how deep is too deep


def _deep_rule(n: int) -> str:
    return '{"!": [' * n + '{"var": "staff"}' + "]}" * n


def _policy_folder(tmp_path, rule_text: str) -> Path:
    import re
    import shutil

    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "tests" / "web" / "policies", folder)
    path = folder / "checklist-round.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+)rule: .*$", lambda m: m.group(1) + "rule: " + rule_text, text, count=1)
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("levels", [300, 5000])
def test_a_deeply_nested_rule_in_a_policy_file_is_a_loader_error(tmp_path, levels):
    from policyhub.errors import LoadError
    from policyhub.loader import load_folders

    with pytest.raises(LoadError) as e:
        load_folders([_policy_folder(tmp_path, _deep_rule(levels))])
    message = str(e.value)
    assert "checklist-round.yaml" in message and ("nested" in message or "nesting" in message)
