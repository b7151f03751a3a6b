"""Shortened chart labels stay distinct: labels that would be cut to the same text show where they differ."""
from __future__ import annotations

from policyhub.web.charts import LABEL_W, distinct_fits, hbars, text_width


def test_labels_cut_to_the_same_text_show_their_difference():
    labels = ["By end 2024: every prefecture-level city has a comprehensive institution",
              "By end 2024: every national IP-strong-county pilot county has a comprehensive institution",
              "2025: comprehensive institutions in more than 50 % of Guangzhou's districts",
              "2025: comprehensive institutions in more than 50 % of Shenzhen's districts", "Short"]
    shorts = distinct_fits(labels, LABEL_W - 10)
    assert len(set(shorts)) == len(shorts)
    assert shorts[-1] == "Short"
    assert "Guangzhou" in shorts[2] and "Shenzhen" in shorts[3]
    assert all(text_width(s) <= LABEL_W - 10 for s in shorts)


def test_a_chart_of_zh_labels_has_distinct_shortened_labels():
    rows = [{"label": f"至2025年全省县级综合性知识产权公共服务机构覆盖率（{name}）", "value": 1}
            for name in ("广州市", "深圳市", "珠海市")]
    chart = hbars("t", rows, scale=1)
    assert len({b.short for b in chart.bars}) == 3
