"""Golden tests for docs/rules-semantics.md: every table row there is checked here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policyhub.rules import RuleError, RuleEvaluationError, apply, truthy
from policyhub.rules.suite import same

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules-semantics.md"
HEADER = "| case | rule | data | result |"


def _rows() -> list[tuple[str, str, str, str, str]]:
    """(section, case, rule, data, result) for every golden row in the doc."""
    rows, section, in_table = [], "", False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section, in_table = line[3:].strip(), False
        elif line.strip() == HEADER:
            in_table = True
        elif in_table and line.startswith("|---"):
            continue
        elif in_table and line.startswith("|"):
            case = line.split("|")[1].strip()
            cells = re.findall(r"`([^`]*)`", line)
            assert len(cells) == 3, f"malformed golden row: {line}"
            rows.append((section, case, *cells))
        else:
            in_table = False
    return rows


ROWS = _rows()


def test_doc_has_golden_rows_for_every_section():
    sections = {row[0] for row in ROWS}
    numbered = [s for s in sections if re.match(r"\d+\. ", s)]
    assert len(numbered) == 14, sorted(sections)
    assert len(ROWS) >= 100


@pytest.mark.parametrize("section,case,rule,data,result", ROWS,
                         ids=[f"{r[0].split('.')[0]}-{r[1]}" for r in ROWS])
def test_golden_row(section, case, rule, data, result):
    rule, data = json.loads(rule), json.loads(data)
    if result == "invalid":
        with pytest.raises(RuleError):
            apply(rule, data)
    elif result == "error":
        with pytest.raises(RuleEvaluationError):
            apply(rule, data)
    else:
        got = apply(rule, data)
        assert same(got, json.loads(result)), f"{case}: got {got!r}, doc says {result}"


TRUTH_VALUES = [None, False, True, 0, 0.0, 1, -1, 0.5, "", "0", "false", " ", [], [0], [[]], {}, {"a": 1}]


@pytest.mark.parametrize("value", TRUTH_VALUES, ids=[json.dumps(v) for v in TRUTH_VALUES])
def test_python_truthy_agrees_with_the_engine(value):
    assert truthy(value) is apply({"!!": {"var": "v"}}, {"v": value})
    assert apply({"if": [{"var": "v"}, "t", "f"]}, {"v": value}) == ("t" if truthy(value) else "f")


def test_truthy_profile():
    assert [truthy(v) for v in ({}, [], "0", "", 0, None, "false", [0])] == \
        [False, False, True, False, False, False, True, True]
