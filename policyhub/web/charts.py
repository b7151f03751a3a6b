"""Geometry of horizontal bar charts, drawn as inline SVG by the templates (no JavaScript, nothing fetched)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

LABEL_W = 150
BAR_W = 320
VALUE_W = 120
ROW_H = 26
BAR_H = 16
PAD = 6


@dataclass
class Bar:
    label: str
    short: str
    value: float | None
    text: str
    status: str | None
    y: float
    width: float


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_w: int = LABEL_W
    bar_w: int = BAR_W
    bar_h: int = BAR_H
    target_x: float | None = None
    target_text: str = ""
    marks: list[dict[str, Any]] = field(default_factory=list)


def text_width(text: str, size: float = 12) -> float:
    """Rough rendered width: CJK and other wide characters take a full em, the rest about 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def fit(text: str, width: float, size: float = 12) -> str:
    """The text, shortened with an ellipsis to fit `width` pixels."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…"


def distinct_fits(labels: list[str], width: float, size: float = 12) -> list[str]:
    """Each label fitted to `width`; labels whose shortened forms would read the same show where they differ
    instead: the start of the label, an ellipsis, then the text from the first difference ("By end 2024: every…"
    twice becomes "By end…prefecture-level…" and "By end…national IP-str…")."""
    shorts = [fit(t, width, size) for t in labels]
    for short in set(shorts):
        group = [i for i, s in enumerate(shorts) if s == short and labels[i] != s]
        if len(group) < 2:
            continue
        texts = [labels[i] for i in group]
        common = len(os.path.commonprefix(texts))
        for i in group:
            start = labels[i][:min(common, 6)].rstrip()
            shorts[i] = fit(start + "…" + labels[i][common:].lstrip(), width, size)
    return shorts


def scale_of(values: list[float | None], target: float | None, floor: float = 0) -> float:
    top = max([v for v in values if v is not None] + [target or 0, floor])
    return top if top > 0 else 1


def hbars(title: str, rows: list[dict[str, Any]], *, scale: float, target: float | None = None,
          target_text: str = "") -> Chart:
    """rows: {label, value, text, status}. Bar lengths are value / scale of the bar area."""
    bars = []
    shorts = distinct_fits([r["label"] for r in rows], LABEL_W - 10)
    for i, r in enumerate(rows):
        v = r.get("value")
        w = 0.0 if v is None else max(0.0, min(1.0, float(v) / scale)) * BAR_W
        bars.append(Bar(label=r["label"], short=shorts[i], value=v, text=r.get("text", ""),
                        status=r.get("status"), y=PAD + i * ROW_H, width=round(w, 1)))
    height = PAD * 2 + max(1, len(rows)) * ROW_H
    tx = None if target is None else round(LABEL_W + max(0.0, min(1.0, float(target) / scale)) * BAR_W, 1)
    return Chart(title=title, bars=bars, width=LABEL_W + BAR_W + VALUE_W, height=height, target_x=tx,
                 target_text=target_text)
