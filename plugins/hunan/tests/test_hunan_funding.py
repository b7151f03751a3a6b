"""The funding mechanism through the Hunan data: every path, the cap, refused configurations."""
from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest

import policyhub_hunan
from policyhub.errors import LoadError
from policyhub.hub import Hub
from policyhub.loader import load_folders
from policyhub.yamlio import dump_yaml, load_yaml

POLICIES = Path(policyhub_hunan.__file__).parent / "policies"
ROUND = "rounds/park-subcentre-funding-2020.yaml"
SCHEME = "hunan-park-subcentre-funding"


@pytest.fixture(scope="module")
def hub():
    return Hub.from_folders([POLICIES])


def copy_with(tmp_path, **values):
    """A copy of the Hunan folder whose funding round has some parameter values changed."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    path = folder / ROUND
    data = load_yaml(path.read_text(encoding="utf-8"))
    for name, value in values.items():
        data["parameters"][name]["value"] = value
    path.write_text(dump_yaml(data), encoding="utf-8")
    return folder


def all_paths(years):
    """Every possible list of results: nothing follows a failure."""
    for n in range(years + 1):
        for seq in itertools.product(["failed", "qualified", "excellent"], repeat=n):
            if "failed" not in seq[:-1]:
                yield list(seq)


def test_notice_values(hub):
    p = hub.round(SCHEME).parameters
    assert (p["build_years"].value, p["startup_amount"].value, p["total_cap"].value) == (3, 200_000, 800_000)
    assert not any(p[n].assumption for n in ("build_years", "startup_amount", "total_cap"))


def test_every_result_path_stays_within_the_cap(hub):
    seen = set()
    for results in all_paths(3):
        d = hub.evaluate(SCHEME, {"results": results}).sections["funding"]
        assert d["committed"] <= 800_000 and d["max_total"] <= 800_000, results
        assert d["headroom"] == 800_000 - d["committed"]
        assert d["amounts"][0] == 200_000
        seen.add(d["status"])
        if "failed" in results:
            assert d["status"] == "ended" and d["title"] == "removed"
    assert seen == {"active", "ended", "completed"}


def test_the_best_path_reaches_the_cap_exactly(hub):
    d = hub.evaluate(SCHEME, {"results": []}).sections["funding"]
    assert d["max_total"] == 800_000 and d["possible"] == 600_000


def test_tiers_that_could_break_the_cap_are_refused(tmp_path):
    with pytest.raises(LoadError) as e:
        load_folders([copy_with(tmp_path, increased_amount=350_000)])
    (source, path, message), = e.value.problems
    assert source.endswith("park-subcentre-funding-2020.yaml")
    assert path == "funding.by_previous_result.excellent.amount"
    assert ("the largest possible total 900,000 (200,000 + 350,000 + 350,000 via excellent, excellent) "
            "exceeds the cap 800,000 (parameter 'total_cap')") in message


def test_lowering_the_cap_below_the_tiers_is_refused(tmp_path):
    with pytest.raises(LoadError) as e:
        load_folders([copy_with(tmp_path, total_cap=700_000)])
    assert "exceeds the cap 700,000" in str(e.value)


@pytest.mark.parametrize("seed", range(3))
def test_many_tier_configurations_either_refused_or_within_the_cap(tmp_path, seed):
    rng = random.Random(seed)
    for i in range(6):
        q, x = rng.randrange(0, 500_001, 50_000), rng.randrange(0, 500_001, 50_000)
        largest = 200_000 + 2 * max(q, x)
        try:
            ps_hub = Hub.from_folders([copy_with(tmp_path / str(i), continued_amount=q, increased_amount=x)])
        except LoadError as e:
            assert largest > 800_000 and "exceeds the cap 800,000" in str(e)
            continue
        assert largest <= 800_000
        for results in all_paths(3):
            d = ps_hub.evaluate(SCHEME, {"results": results}).sections["funding"]
            assert d["max_total"] <= 800_000 and not any(r["capped"] for r in d["schedule"])
