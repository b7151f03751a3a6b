"""As-of means the round in force: evaluating on a date uses the published or archived round whose effective
period contains that date, in the Python API, the JSON API, the portal, the screener and the registries."""
from __future__ import annotations

import copy
import json
import datetime as dt

import pytest

from policyhub.errors import NoRoundInForce
from policyhub.hub import Hub
from policyhub.registries import evaluate_entries

SCHEME = "hunan-park-subcentre-requirements"
NEXT = dt.date(2027, 1, 1)


@pytest.fixture(scope="module")
def policyset(bundled_policyset):
    """The bundled policies plus a 2027 round of the Hunan requirements that asks for 5 full-time staff; the
    2020 round is archived."""
    ps = copy.deepcopy(bundled_policyset)
    old = ps.rounds[(SCHEME, "2020")]
    params = copy.deepcopy(old.parameters)
    params["min_full_time_staff"] = params["min_full_time_staff"].model_copy(update={"value": 5})
    ps.rounds[(SCHEME, "2020")] = old.model_copy(update={"status": "archived"})
    ps.rounds[(SCHEME, "2027")] = old.model_copy(update={"key": "2027", "effective": NEXT, "status": "published",
                                                         "parameters": params})
    return ps


@pytest.fixture(scope="module")
def facts(bundled_policyset):
    """A case that passes the 2020 round with 2 full-time staff (so fails the 2027 one)."""
    for cases in bundled_policyset.cases:
        if cases.scheme == SCHEME:
            for case in cases.cases:
                if case.expect.outcome == "pass" and case.facts.get("full_time_staff") == 2:
                    return json.loads(json.dumps(case.facts, default=str))   # dates as ISO text
    pytest.fail("no passing Hunan case with 2 full-time staff")


def test_the_round_in_force_on_a_date(policyset):
    assert policyset.round_in_force(SCHEME, dt.date(2026, 12, 31)).key == "2020"
    assert policyset.round_in_force(SCHEME, NEXT).key == "2027"
    with pytest.raises(NoRoundInForce) as e:
        policyset.round_in_force(SCHEME, dt.date(2020, 3, 15))
    assert "2020-03-16" in str(e.value) and e.value.first.key == "2020"


def test_hub_evaluate_uses_the_round_in_force_and_names_it(policyset, facts):
    hub = Hub(policyset)
    before = hub.evaluate(SCHEME, facts, as_of=dt.date(2026, 6, 1))
    after = hub.evaluate(SCHEME, facts, as_of=dt.date(2027, 3, 1))
    assert (before.round, before.outcome) == ("2020", "pass")
    assert (after.round, after.outcome) == ("2027", "fail")
    assert hub.evaluate(SCHEME, facts, round="2027", as_of=dt.date(2026, 6, 1)).round == "2027"
    with pytest.raises(NoRoundInForce):
        hub.evaluate(SCHEME, facts, as_of=dt.date(2019, 1, 1))


@pytest.fixture(scope="module")
def client(tmp_path_factory, policyset):
    from tests.conftest import _make_app

    app = _make_app(f"sqlite:///{tmp_path_factory.mktemp('rif') / 'p.db'}", policyset)
    return app.test_client()


def test_the_api_answers_with_the_round_in_force(client, facts):
    url = f"/api/v1/schemes/{SCHEME}/evaluate"
    old = client.post(url, json={"facts": facts, "as_of": "2026-06-01"})
    new = client.post(url, json={"facts": facts, "as_of": "2027-06-01"})
    assert (old.status_code, old.json["round"], old.json["outcome"]) == (200, "2020", "pass")
    assert (new.status_code, new.json["round"], new.json["outcome"]) == (200, "2027", "fail")
    early = client.post(url, json={"facts": facts, "as_of": "2019-05-01"})
    assert early.status_code == 422
    assert early.json["errors"][0]["path"] == "as_of" and "2020-03-16" in early.json["errors"][0]["message"]
    batch = client.post(f"{url}-batch?as_of=2027-06-01", json=[facts])
    assert batch.status_code == 200 and batch.json["round"] == "2027"


def test_the_portal_shows_the_round_in_force_and_a_clear_error_before_the_first(client, facts):
    args = {k: v for k, v in facts.items() if not isinstance(v, (list, dict))}
    page = client.get(f"/schemes/{SCHEME}/result", query_string={**args, "as_of": "2019-05-01"},
                      headers={"Accept-Language": "zh-CN"})
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "该日期本计划尚无生效的轮次" in text and "2020-03-16" in text


def test_the_screener_reports_a_scheme_without_a_round_in_force(policyset, facts):
    from policyhub.screening import screen

    entries = {e.scheme: e for e in screen(Hub(policyset), facts, schemes=[SCHEME], as_of=dt.date(2019, 1, 1))}
    assert entries[SCHEME].result is None and entries[SCHEME].errors[0]["path"] == "as_of"
    entries = {e.scheme: e for e in screen(Hub(policyset), facts, schemes=[SCHEME], as_of=dt.date(2027, 2, 1))}
    assert entries[SCHEME].round == "2027"


def test_registry_rows_without_a_named_round_use_the_round_in_force(policyset):
    class Row:
        data = {"park_type": "industrial"}
        name, jurisdiction = "园区", "430000"

    (item,) = evaluate_entries(Hub(policyset), SCHEME, [Row()], dt.date(2027, 2, 1))
    assert item.round == "2027"
    (item,) = evaluate_entries(Hub(policyset), SCHEME, [Row()], dt.date(2019, 2, 1))
    assert item.result is None and "2020-03-16" in item.error
