"""A Result as plain text for the terminal, in zh or en."""
from __future__ import annotations

from typing import Any

WORDS = {
    "zh": {"pass": "符合", "fail": "不符合", "undetermined": "待定（缺少信息）", "partial": "部分得分",
           "outcome": "结论", "score": "得分", "range": "可能得分范围", "pass_mark": "合格线", "missing": "缺少的信息",
           "needs": "需", "mandatory": "必要项"},
    "en": {"pass": "pass", "fail": "fail", "undetermined": "undetermined (information missing)", "partial": "partial",
           "outcome": "Outcome", "score": "Score", "range": "Reachable range", "pass_mark": "Pass mark",
           "missing": "Missing facts", "needs": "needs", "mandatory": "mandatory"},
}


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def render(result: dict[str, Any], lang: str = "zh") -> str:
    """The JSON form of a Result (Result.to_json()) as lines of text."""
    w = WORDS[lang]
    lines = [f"{result['scheme']} · {result['round']} (v{result['round_version']}, {result['digest']})"]
    lines.append(f"{w['outcome']}: {w.get(result['outcome'], result['outcome'])}")
    if result.get("max_score") is not None:
        if result.get("score") is not None:
            lines.append(f"{w['score']}: {_fmt(result['score'])} / {_fmt(result['max_score'])}")
        else:
            lo, hi = result["score_range"]
            lines.append(f"{w['range']}: {_fmt(lo)}–{_fmt(hi)} / {_fmt(result['max_score'])}")
        if result.get("pass_mark") is not None:
            lines.append(f"{w['pass_mark']}: {result['pass_comparison']} {_fmt(result['pass_mark'])}")
    lines.append("")
    for it in result["items"]:
        depth = it["path"].count("/")
        mark = {"pass": "✔", "fail": "✘", "undetermined": "?", "partial": "◐"}.get(it["result"], "·")
        label = it["label"][lang]
        pts = ""
        if it.get("max_points") is not None:
            p = "?" if it.get("points") is None else _fmt(it["points"])
            pts = f"  [{p}/{_fmt(it['max_points'])}]"
        res = it["result"] if it["result"] not in w else w[it["result"]]
        line = f"{'  ' * depth}{mark} {label}{pts}"
        if it["kind"] not in ("indicator", "criterion", "subgroup", "group", "all", "any"):
            line += f"  — {res}"
        if it.get("gap") and it["gap"].get("text"):
            line += f"  ({it['gap']['text'][lang]})"
        elif it.get("missing"):
            line += f"  ({w['missing']}: {', '.join(it['missing'])})"
        cite = it.get("citation")
        if cite and it["kind"] in ("criterion", "indicator"):
            line += f"  〔{cite['ref']}〕"
        lines.append(line)
    if result.get("missing"):
        lines += ["", f"{w['missing']}: {', '.join(result['missing'])}"]
    return "\n".join(lines)
