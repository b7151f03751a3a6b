"""Application rules across a batch, and refusals under a lifecycle re-application ban."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyhub.definitions import Jurisdiction, Round, Scheme
from policyhub.evaluation.applications import bans_for, check_applications
from policyhub.evaluation.context import RoundContext

D = dt.date
CITE = {"ref": "三、申报方式"}


def make_ctx() -> RoundContext:
    rnd = Round.model_validate({
        "scheme": "s", "key": "r",
        "parameters": {"one": {"type": "integer", "value": 1, "label": {"zh": "一", "en": "one"}, "cite": CITE}},
        "categories": [{"key": "operation", "label": {"zh": "运营服务类", "en": "Operation services"}, "cite": CITE},
                       {"key": "finance", "label": {"zh": "金融服务类", "en": "Financial services"}, "cite": CITE},
                       {"key": "trademark", "label": {"zh": "商标服务类", "en": "Trademark services"}, "cite": CITE}],
        "facts": {"category": {"type": "string", "label": {"zh": "平台类别", "en": "Category"}},
                  "operating_entity": {"type": "string", "label": {"zh": "运营主体", "en": "Operating entity"}},
                  "construction_entity": {"type": "string", "label": {"zh": "建设主体", "en": "Construction entity"}}},
        "application_rules": [
            {"key": "one_per_category", "label": {"zh": "原则上每类平台设置1个", "en": "One platform per category"},
             "cite": CITE, "group_by": ["category"], "max": 1, "severity": "warning"},
            {"key": "operator_one_category",
             "label": {"zh": "运营主体限申报一类平台", "en": "One category per operator"},
             "cite": CITE, "group_by": ["operating_entity"], "distinct": "category", "max": {"param": "one"}},
        ],
        "tasks": [{"number": 1, "label": {"zh": "x", "en": "x"}, "leads": [], "cite": CITE}],
    })
    return RoundContext(round=rnd, scheme=Scheme(key="s", jurisdiction="1", document="doc",
                                                 title={"zh": "s", "en": "s"}),
                        chain=[Jurisdiction(code="1", key="x", name={"zh": "x", "en": "x"}, level="district")])


def app(category, operator, builder="Builder Co"):
    return {"category": category, "operating_entity": operator, "construction_entity": builder}


def test_clean_batch_has_no_violation():
    batch = [app("operation", "A"), app("finance", "B"), app("trademark", "C")]
    assert check_applications(make_ctx(), batch, as_of=D(2024, 1, 1)) == []


def test_construction_entity_may_apply_in_any_number_of_categories():
    batch = [app("operation", "A", "Same"), app("finance", "B", "Same"), app("trademark", "C", "Same")]
    assert check_applications(make_ctx(), batch, as_of=D(2024, 1, 1)) == []


def test_operating_entity_in_two_categories_is_an_error():
    batch = [app("operation", "X"), app("trademark", "Y"), app("finance", "X")]
    (v,) = check_applications(make_ctx(), batch, as_of=D(2024, 1, 1))
    assert (v["rule"], v["severity"], v["applications"], v["offending"]) == ("operator_one_category", "error",
                                                                             [0, 2], [2])
    assert v["message"]["zh"].startswith("运营主体 X 已申报 运营服务类，不能再申报 金融服务类")
    assert "Operating entity X has applied for Operation services" in v["message"]["en"]
    assert v["citation"] == {"document": "doc", "ref": "三、申报方式"}
    assert v["parameter"]["name"] == "one"


def test_same_operator_same_category_twice_is_one_category():
    batch = [app("finance", "X"), app("finance", "X")]
    rules = [v["rule"] for v in check_applications(make_ctx(), batch, as_of=D(2024, 1, 1))]
    assert rules == ["one_per_category"]          # two finance platforms: a warning, not the operator error


def test_two_platforms_in_one_category_is_a_warning():
    batch = [app("finance", "A"), app("finance", "B")]
    (v,) = check_applications(make_ctx(), batch, as_of=D(2024, 1, 1))
    assert (v["severity"], v["offending"]) == ("warning", [1])
    assert "金融服务类" in v["message"]["zh"] and "2" in v["message"]["zh"]


def test_missing_field_is_reported_not_skipped():
    batch = [{"category": "finance"}]
    (v,) = check_applications(make_ctx(), batch, as_of=D(2024, 1, 1))
    assert v["rule"] == "operator_one_category" and v["severity"] == "error"
    assert "运营主体" in v["message"]["zh"]


def test_ban_refuses_the_banned_operator_in_that_category_until_its_last_day():
    lifecycle_data = {"bans": [{"key": "reapply_ban", "label": {"zh": "2年内不得重新申报", "en": "2-year ban"},
                                "from": D(2024, 3, 10), "until": D(2026, 3, 10), "scope": {"category": "finance"}}]}
    bans = bans_for(lifecycle_data, operating_entity="X")
    on_last_day = [dict(app("finance", "X"), date="2026-03-10")]
    (v,) = check_applications(make_ctx(), on_last_day, bans=bans)
    assert v["rule"] == "reapply_ban" and "2026-03-10" in v["message"]["zh"]
    day_after = [dict(app("finance", "X"), date="2026-03-11")]
    assert check_applications(make_ctx(), day_after, bans=bans) == []
    other_category = [dict(app("trademark", "X"), date="2025-01-01")]
    assert check_applications(make_ctx(), other_category, bans=bans) == []
    other_operator = [dict(app("finance", "Y"), date="2025-01-01")]
    assert check_applications(make_ctx(), other_operator, bans=bans) == []


# -- the Huangpu round, when the plugin's policies are in this checkout -----------------------------------------------
HUANGPU = Path(__file__).resolve().parent.parent / "plugins" / "huangpu" / "policyhub_huangpu" / "policies"


@pytest.fixture(scope="module")
def huangpu():
    """The Huangpu policies (hub, lifecycle round context), loaded once for this module."""
    if not (HUANGPU / "rounds" / "platform-lifecycle-2022.yaml").is_file():
        pytest.skip("the Huangpu lifecycle policies are not in this checkout")
    from policyhub.folders import with_ancestors
    from policyhub.hub import Hub

    hub = Hub.from_folders(with_ancestors([HUANGPU]))
    return hub, hub.evaluator("huangpu-platform-lifecycle", "2022").ctx


def test_huangpu_operating_entity_message(huangpu):
    _, ctx = huangpu
    batch = [app("operation", "X", "Same"), app("finance", "X", "Same")]
    (v,) = check_applications(ctx, batch, as_of=D(2024, 6, 1))
    assert v["message"]["zh"].startswith("运营主体 X 已申报 运营服务类，不能再申报 金融服务类")
    assert v["severity"] == "error"
    assert v["citation"]["ref"].startswith("三、申报方式")


def test_huangpu_revoked_operator_is_refused_in_that_category_for_two_years(huangpu):
    hub, ctx = huangpu
    history = [{"date": "2024-06-20", "event": "applied"}, {"date": "2024-07-10", "event": "formal_review_passed"},
               {"date": "2024-09-10", "event": "selected"},
               {"date": "2024-09-27", "event": "recognition_notice_published"},
               {"date": "2025-10-20", "event": "assessment_failed"},
               {"date": "2026-01-25", "event": "assessment_failed"}]
    res = hub.evaluate("huangpu-platform-lifecycle", {"history": history, "category": "finance",
                                                      "operating_entity": "X"}, as_of=D(2026, 2, 1))
    assert res.outcome == "revoked"
    bans = bans_for(res.sections["lifecycle"], operating_entity="X")
    again = [dict(app("finance", "X"), date="2028-01-25"), dict(app("trademark", "X"), date="2026-06-01"),
             dict(app("finance", "Y"), date="2026-06-01")]
    found = check_applications(ctx, again, bans=bans)
    assert [(v["rule"], v["applications"]) for v in found if v["rule"] == "reapply_ban"] == [("reapply_ban", [0])]
    assert {v["rule"] for v in found} == {"reapply_ban", "one_platform_per_category", "operating_entity_one_category"}
    assert check_applications(ctx, [dict(app("finance", "X"), date="2028-01-26")], bans=bans) == []


def test_the_earliest_application_is_kept_whatever_the_names():
    """Two applications by one operator: the one made first stays, the later one is refused, even when the
    batch (here ordered by platform name, as the Huangpu registry page lists them) puts the later one first."""
    later = dict(app("finance", "X"), name="A 金融平台", date="2024-03-20")
    earlier = dict(app("operation", "X"), name="Z 运营平台", date="2024-03-01")
    (v,) = check_applications(make_ctx(), [later, earlier], as_of=D(2024, 4, 1))
    assert v["rule"] == "operator_one_category"
    assert v["offending"] == [0]                      # the finance application, made 19 days later
    assert v["values"] == ["operation", "finance"]
    assert "已申报 运营服务类，不能再申报 金融服务类" in v["message"]["zh"]


def test_same_day_applications_keep_the_batch_order():
    first = dict(app("trademark", "X"), date="2024-03-01")
    second = dict(app("operation", "X"), date="2024-03-01")
    (v,) = check_applications(make_ctx(), [first, second], as_of=D(2024, 4, 1))
    assert v["offending"] == [1]


def test_count_limit_refuses_the_later_applications():
    late = dict(app("operation", "B"), date="2024-05-01")
    early = dict(app("operation", "A"), date="2024-02-01")
    (v,) = check_applications(make_ctx(), [late, early], as_of=D(2024, 6, 1))
    assert (v["rule"], v["applications"], v["offending"]) == ("one_per_category", [1, 0], [0])
