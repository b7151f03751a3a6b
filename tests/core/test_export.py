"""export -> load -> export gives the same files."""
from __future__ import annotations

from policyhub.export import export_files, export_to
from policyhub.loader import load_folders


def test_round_trip_is_stable(policy_copy, tmp_path):
    first = export_files(load_folders([policy_copy]))
    export_to(load_folders([policy_copy]), tmp_path / "a")
    second = export_files(load_folders([tmp_path / "a"]))
    assert first == second
    assert any(p.endswith("rounds/2024.yaml") for p in first)


def test_round_trip_keeps_every_value(policy_copy, tmp_path):
    original = load_folders([policy_copy])
    export_to(original, tmp_path / "a")
    again = load_folders([tmp_path / "a"])
    assert again.rounds.keys() == original.rounds.keys()
    for key, rnd in original.rounds.items():
        assert again.rounds[key] == rnd
    assert again.jurisdictions == original.jurisdictions
    assert [c.cases for c in again.cases] == [c.cases for c in original.cases]
