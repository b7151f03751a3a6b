"""The Guangzhou action plan's 23 tasks agree with the notice (穗知〔2016〕85号), word for word."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from policyhub.definitions import dump
from policyhub.folders import with_ancestors
from policyhub.loader import load_folders

POLICIES = Path(__file__).resolve().parent.parent / "policyhub_guangzhou" / "policies"
NOTICE = (Path(__file__).parent / "data" / "suizhi-2016-85.txt").read_text(encoding="utf-8")
NUMERALS = ("一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
            "二十一 二十二 二十三").split()


@pytest.fixture(scope="module")
def ps():
    return load_folders(with_ancestors([POLICIES]))


@pytest.fixture(scope="module")
def tasks(ps):
    return ps.round("guangzhou-ip-service-action-plan-2016").tasks


def paragraph(number: int) -> str:
    """The notice's paragraph of a task, from "(八)" to the end of the line."""
    head = f"({NUMERALS[number - 1]})"
    start = NOTICE.index(head)
    return NOTICE[start + len(head):NOTICE.index("\n", start)]


def bracketed_units(text: str) -> list[str]:
    """Units named in brackets, in order: "(规划处、合作处负责)" and "(信息中心)"; other brackets are text."""
    out = []
    for inside in re.findall(r"[（(]([^()（）]*)[)）]", text):
        names = inside.removesuffix("负责").split("、")
        if all(n.endswith(("处", "办公室", "中心")) and len(n) <= 6 for n in names):
            out += names
    return out


def test_jurisdictions_are_declared_exactly(ps):
    assert dump(ps.jurisdictions["440100"]) == {"code": "440100", "key": "guangzhou",
                                                "name": {"zh": "广州市", "en": "Guangzhou"}, "level": "city",
                                                "parent": "440000"}
    assert dump(ps.jurisdictions["440000"]) == {"code": "440000", "key": "guangdong",
                                                "name": {"zh": "广东省", "en": "Guangdong Province"},
                                                "level": "province"}


def test_the_policy_folder_is_found_by_convention_without_a_hook():
    from policyhub.folders import policy_folders_of
    from policyhub.plugins import plugin_manager
    from policyhub_guangzhou import plugin

    assert not hasattr(plugin, "policyhub_policy_paths")
    assert POLICIES.resolve() in [f.resolve() for f in policy_folders_of(plugin_manager())]


def test_twenty_three_numbered_tasks(tasks):
    assert [t.number for t in tasks] == list(range(1, 24))


@pytest.mark.parametrize("number", range(1, 24))
def test_title_and_lead_units_as_printed(tasks, number):
    t = tasks[number - 1]
    assert paragraph(number).startswith(t.label.zh + "。")
    assert [ld.unit.zh for ld in t.leads] == bracketed_units(paragraph(number))
    for ld in t.leads:
        if ld.part is not None:
            for fragment in ld.part.zh.split("……"):
                assert fragment in paragraph(number), fragment
    section = "二、主要任务" if number <= 20 else "三、保障措施"
    assert t.cite.ref == f"{section} ({NUMERALS[number - 1]})"


def test_parts_are_given_exactly_where_units_lead_different_sentences(tasks):
    with_parts = [t.number for t in tasks if any(ld.part for ld in t.leads)]
    assert with_parts == [13, 18, 19, 23]
    assert all(all(ld.part for ld in tasks[n - 1].leads) for n in with_parts)


def test_one_english_name_per_unit(tasks):
    names = {}
    for t in tasks:
        for ld in t.leads:
            assert names.setdefault(ld.unit.zh, ld.unit.en) == ld.unit.en
    assert set(names) == {"政策法规处", "规划处", "合作处", "信息中心", "法规处", "办公室", "执法处"}
