"""Batch evaluation: the API endpoint (JSON array, JSON Lines, limits, per-record errors) and the CLI."""

from __future__ import annotations

import json

from openpyxl import Workbook

from policyhub.cli import main
from policyhub.web import openapi

HUNAN = "hunan-park-subcentre-requirements"
GOOD = {
    "park_type": "industrial",
    "park_level": "national",
    "office_area": 30,
    "office_independent": True,
    "service_window": True,
    "equipment_ready": True,
    "full_time_staff": 2,
    "staff_ip_experience_years": [1, 0],
    "park_commitment": True,
    "prefecture_commitment": True,
    "submitted_on": "2020-04-30",
}


def test_batch_json_array_keeps_order_and_per_record_errors(client):
    body = [
        {"id": "a", **GOOD},
        {"id": "b", **GOOD, "office_area": "big"},
        {"id": "c", "park_type": "industrial"},
        "not an object",
    ]
    r = client.post(f"/api/v1/schemes/{HUNAN}/evaluate-batch", json=body)
    assert r.status_code == 200, r.get_json()
    data = r.get_json()
    assert data["count"] == 4 and data["errors"] == 2
    res = data["results"]
    assert [x["index"] for x in res] == [0, 1, 2, 3]
    assert res[0]["id"] == "a" and res[0]["outcome"] == "pass"
    assert res[1]["errors"][0]["path"] == "office_area"
    assert res[2]["outcome"] == "undetermined" and "park_level" in res[2]["missing"]
    assert "errors" in res[3]
    errors = list(openapi.pointer_validator("/components/schemas/BatchResponse").iter_errors(data))
    assert not errors


def test_batch_json_lines_limit_and_media_type(app, client):
    lines = "\n".join(json.dumps({**GOOD, "office_area": a}) for a in (10, 40)) + "\n"
    r = client.post(f"/api/v1/schemes/{HUNAN}/evaluate-batch", data=lines, content_type="application/x-ndjson")
    assert [x["outcome"] for x in r.get_json()["results"]] == ["fail", "pass"]
    assert r.get_json()["results"][0]["failing"] == ["office_area"]
    app.config["POLICYHUB_BATCH_MAX"] = 1
    r = client.post(f"/api/v1/schemes/{HUNAN}/evaluate-batch", data=lines, content_type="application/x-ndjson")
    assert r.status_code == 413 and "at most 1" in r.get_json()["errors"][0]["message"]
    r = client.post(f"/api/v1/schemes/{HUNAN}/evaluate-batch", data="x", content_type="text/plain")
    assert r.status_code == 415
    r = client.post(f"/api/v1/schemes/{HUNAN}/evaluate-batch", data="{", content_type="application/x-ndjson")
    assert r.status_code == 400 and "line 1" in r.get_json()["errors"][0]["message"]
    r = client.post("/api/v1/schemes/nope/evaluate-batch", json=[])
    assert r.status_code == 404
    assert "/schemes/{key}/evaluate-batch" in openapi.document()["paths"]


def test_cli_evaluate_many_records(cli_runner, tmp_path):
    wb = Workbook()
    ws = wb.active
    keys = list(GOOD)
    ws.append(["id", *keys])
    ws.append(["x1", *[json.dumps(GOOD[k]) if isinstance(GOOD[k], list) else GOOD[k] for k in keys]])
    ws.append(
        [
            "x2",
            *[
                ("castle" if k == "park_type" else (json.dumps(GOOD[k]) if isinstance(GOOD[k], list) else GOOD[k]))
                for k in keys
            ],
        ]
    )
    f = tmp_path / "facts.xlsx"
    wb.save(f)
    out = tmp_path / "answers.csv"
    r = cli_runner.invoke(main, ["evaluate", HUNAN, "--facts", str(f), "--out", str(out), "--from-files"])
    assert r.exit_code == 2, r.output  # one record had errors
    text = out.read_text(encoding="utf-8-sig")
    assert "x1" in text and ",pass," in text and "park_type" in text
    jl = tmp_path / "facts.jsonl"
    jl.write_text(json.dumps({"id": "j", **GOOD}) + "\n", encoding="utf-8")
    r = cli_runner.invoke(main, ["evaluate", HUNAN, "--facts", str(jl), "--from-files"])
    assert r.exit_code == 0
    first = json.loads(r.output.splitlines()[0])
    assert first["id"] == "j" and first["outcome"] == "pass"
