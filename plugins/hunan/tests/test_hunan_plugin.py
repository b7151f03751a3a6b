"""The Hunan package is found and loaded exactly like a third-party plugin."""
from __future__ import annotations

from pathlib import Path

import policyhub_hunan.plugin as plugin
from policyhub.hub import policy_folders
from policyhub.loader import load_folders
from policyhub.plugins import plugin_manager

POLICIES = Path(plugin.__file__).parent / "policies"


def test_entry_point_registers_the_policy_folder():
    pm = plugin_manager(entry_points=True)
    assert any(p is plugin for p in pm.get_plugins())
    assert POLICIES.resolve() in [f.resolve() for f in policy_folders(pm)]


def test_policies_load_strictly_on_their_own():
    ps = load_folders([POLICIES])
    assert ps.jurisdictions["430000"].key == "hunan" and ps.jurisdictions["430000"].parent is None
    assert ps.documents["湘市监知〔2020〕47号"].date.isoformat() == "2020-03-16"
    assert set(ps.schemes) == {"hunan-park-subcentre-requirements", "hunan-park-subcentre-funding"}


def test_every_value_the_notice_does_not_state_is_an_assumption_with_a_note():
    ps = load_folders([POLICIES])
    assumed = {n for (_, _), r in ps.rounds.items() for n, p in r.parameters.items() if p.assumption}
    assert assumed == {"application_opens", "application_closes", "continued_amount", "increased_amount"}
    for r in ps.rounds.values():
        for p in r.parameters.values():
            assert p.cite.ref and (not p.assumption or p.note)
