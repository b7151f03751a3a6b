"""The strict loader names the file and the dotted key of every problem."""
from __future__ import annotations

import pytest

from policyhub.errors import LoadError
from policyhub.loader import load_folders


def _problems(folder):
    with pytest.raises(LoadError) as e:
        load_folders([folder])
    return e.value.problems


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_example_policies_load(policy_copy):
    ps = load_folders([policy_copy])
    assert set(ps.schemes) == {"example-checklist", "example-city-checklist", "example-sheet"}
    assert len(ps.cases) == 2


def test_unknown_key_names_file_and_path(policy_copy):
    f = policy_copy / "schemes/checklist-round.yaml"
    _edit(f, "    minimum: 0\n    unit: {zh: 人", "    minimun: 0\n    unit: {zh: 人")
    problems = _problems(policy_copy)
    assert any(p[0].endswith("checklist-round.yaml") and p[1] == "facts.staff.minimun" for p in problems), problems


def test_duplicate_key_is_an_error(policy_copy):
    f = policy_copy / "schemes/checklist-round.yaml"
    _edit(f, 'key: "2024"\n', 'key: "2024"\nkey: "2025"\n')
    problems = _problems(policy_copy)
    assert any("duplicate key 'key'" in p[2] for p in problems), problems


def test_bad_date_is_an_error(policy_copy):
    _edit(policy_copy / "documents.yaml", "date: 2024-03-01", "date: 2024-02-30")
    problems = _problems(policy_copy)
    assert any("bad date '2024-02-30'" in p[2] and "line 5" in p[2] for p in problems), problems


def test_undeclared_parameter_is_refused(policy_copy):
    _edit(policy_copy / "schemes/checklist-round.yaml", "{param: min_office_area}", "{param: min_ofice_area}")
    problems = _problems(policy_copy)
    assert any("min_ofice_area" in p[2] and p[1].startswith("criteria") for p in problems), problems


def test_unknown_fact_in_rule_is_refused_at_load(policy_copy):
    _edit(policy_copy / "schemes/checklist-round.yaml", "{var: office_area}", "{var: office_size}")
    problems = _problems(policy_copy)
    assert any("office_size" in p[2] for p in problems), problems


def test_unknown_operator_is_refused_at_load(policy_copy):
    _edit(policy_copy / "schemes/checklist-round.yaml", '{"==": [{var: registered_here}, true]}',
          '{"method": [{var: registered_here}, "upper"]}')
    problems = _problems(policy_copy)
    assert any("method" in p[2] for p in problems), problems


def test_sheet_that_does_not_add_up_is_refused(policy_copy):
    _edit(policy_copy / "schemes/sheet-round.yaml",
          "                max: 20\n                score: {fixed: 20, when: {var: has_office}}",
          "                max: 15\n                score: {fixed: 15, when: {var: has_office}}")
    problems = _problems(policy_copy)
    assert any("add up" in p[2] for p in problems), problems


def test_assumption_needs_a_note(policy_copy):
    _edit(policy_copy / "jurisdictions/city.yaml",
          "    note: The city notice raises the provincial minimum; configured for the example.\n", "")
    problems = _problems(policy_copy)
    assert any("note" in p[2] for p in problems), problems


def test_conflicting_jurisdiction_declarations_are_refused(policy_copy):
    (policy_copy / "jurisdictions/province-again.yaml").write_text(
        (policy_copy / "jurisdictions/province.yaml").read_text(encoding="utf-8").replace("Example Province", "Other"),
        encoding="utf-8")
    problems = _problems(policy_copy)
    assert any("declared differently" in p[2] for p in problems), problems


def test_identical_jurisdiction_declarations_merge(policy_copy):
    (policy_copy / "jurisdictions/province-again.yaml").write_text(
        (policy_copy / "jurisdictions/province.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert "990000" in load_folders([policy_copy]).jurisdictions
