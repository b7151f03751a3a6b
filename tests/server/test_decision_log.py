"""The decision log: off by default; with POLICYHUB_DECISION_LOG set, every API evaluation appends one JSON
line (time, scheme, round, version, digest, outcome) with only the facts POLICYHUB_DECISION_LOG_FACTS allows."""
from __future__ import annotations

import json

EVALUATE = "/api/v1/schemes/hunan-park-subcentre-requirements/evaluate"


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_no_log_unless_the_setting_is_on(app, client, tmp_path):
    assert app.config.get("POLICYHUB_DECISION_LOG") is None
    assert client.post(EVALUATE, json={"facts": {}}).status_code == 200
    assert not list(tmp_path.glob("*.jsonl"))


def test_every_api_evaluation_is_logged_without_other_facts(app, client, tmp_path):
    log = tmp_path / "decisions.jsonl"
    app.config.update(POLICYHUB_DECISION_LOG=str(log), POLICYHUB_DECISION_LOG_FACTS=("office_area",))
    r = client.post(EVALUATE, json={"facts": {"office_area": 120, "office_independent": True}})
    assert r.status_code == 200
    assert client.post(EVALUATE, json={"facts": {"office_area": "ten"}}).status_code == 422    # not evaluated
    assert client.post("/api/v1/screen", json={"facts": {"office_independent": False}}).status_code == 200
    entries = _lines(log)
    evaluated = [e for e in entries if e["endpoint"] == "evaluate"]
    assert len(evaluated) == 1
    first = evaluated[0]
    assert {"at", "endpoint", "scheme", "round", "version", "digest", "outcome", "facts"} <= set(first)
    assert first["scheme"] == "hunan-park-subcentre-requirements" and first["digest"].startswith("sha256:")
    assert any(e["endpoint"] == "screen" for e in entries)
    text = log.read_text(encoding="utf-8")
    assert "office_independent" not in text                         # facts not allowed never reach the log
    assert first["facts"] == {"office_area": 120}
    assert (first["outcome"], first["digest"]) == (r.get_json()["outcome"], r.get_json()["digest"])
