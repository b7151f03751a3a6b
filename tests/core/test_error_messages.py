"""A policy document's validation errors are Messages: pydantic's English on the English side, the catalog's
Chinese on the other, the core's own Message when one of its checks raised it."""
from __future__ import annotations

from policyhub.i18n import Message, render
from policyhub.loader import parse_document


def _problems(extra: dict) -> dict[str, object]:
    data = {"kind": "document", "key": "doc-1", "number": "测〔2024〕1号", "title": {"zh": "通知", "en": "Notice"},
            "issuer": {"zh": "某局", "en": "A bureau"}, "date": "2024-01-02", **extra}
    _model, problems = parse_document(data, "doc.yaml")
    return {path: message for _source, path, message in problems}


def test_a_misspelt_and_a_mistyped_field_are_worded_in_both_languages():
    found = _problems({"titel": "x", "date": "not a date"})
    extra, date = found["titel"], found["date"]
    assert isinstance(extra, Message) and str(extra) == "Extra inputs are not permitted"
    assert render(extra, "zh_CN") == "不允许的字段（请检查拼写）"
    assert isinstance(date, Message) and render(date, "zh_CN").startswith("应为日期")


def test_a_missing_field():
    found = _problems({"number": None})
    assert any(render(m, "zh_CN") in ("缺少必填项", "应为文本") for m in found.values()), found
