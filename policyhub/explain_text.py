"""A Result as plain text for the terminal, in zh or en (wording from the catalogs)."""
from __future__ import annotations

from typing import Any

from .i18n import M_, Message, render as render_message
from .i18n.formats import number, pick

# The words for an item's result; other results (section statuses) are shown as they are.
RESULTS = {"pass": M_("explain.pass"), "fail": M_("explain.fail"), "undetermined": M_("explain.undetermined"),
           "partial": M_("explain.partial")}
MARKS = {"pass": "✔", "fail": "✘", "undetermined": "?", "partial": "◐"}


def _word(result: str, lang: str) -> str:
    code = RESULTS.get(result)
    return render_message(Message(code), lang) if code else result


def _line(code: str, lang: str, **params: Any) -> str:
    return render_message(Message(code, params), lang)


def render(result: dict[str, Any], lang: str = "zh") -> str:
    """The JSON form of a Result (Result.to_json()) as lines of text."""
    lines = [f"{result['scheme']} · {result['round']} (v{result['round_version']}, {result['digest']})"]
    lines.append(_line(M_("explain.outcome"), lang, outcome=_word(result["outcome"], lang)))
    if result.get("max_score") is not None:
        if result.get("score") is not None:
            lines.append(_line(M_("explain.score"), lang, score=result["score"], max=result["max_score"]))
        else:
            lo, hi = result["score_range"]
            lines.append(_line(M_("explain.range"), lang, low=lo, high=hi, max=result["max_score"]))
        if result.get("pass_mark") is not None:
            lines.append(_line(M_("explain.pass_mark"), lang, op=result["pass_comparison"], mark=result["pass_mark"]))
    lines.append("")
    for it in result["items"]:
        depth = it["path"].count("/")
        label = pick(it["label"], lang)
        pts = ""
        if it.get("max_points") is not None:
            p = "?" if it.get("points") is None else number(it["points"])
            pts = f"  [{p}/{number(it['max_points'])}]"
        line = f"{'  ' * depth}{MARKS.get(it['result'], '·')} {label}{pts}"
        if it["kind"] not in ("indicator", "criterion", "subgroup", "group", "all", "any"):
            line += f"  — {_word(it['result'], lang)}"
        if it.get("gap") and it["gap"].get("message"):
            line += f"  ({render_message(it['gap']['message'], lang)})"
        elif it.get("gap") and it["gap"].get("text"):
            line += f"  ({pick(it['gap']['text'], lang)})"
        elif it.get("missing"):
            line += "  (" + _line(M_("explain.missing"), lang, facts=", ".join(it["missing"])) + ")"
        cite = it.get("citation")
        if cite and it["kind"] in ("criterion", "indicator"):
            line += "  " + _line(M_("explain.citation"), lang, ref=cite["ref"])
        lines.append(line)
    if result.get("missing"):
        lines += ["", _line(M_("explain.missing"), lang, facts=", ".join(result["missing"]))]
    return "\n".join(lines)
