"""Geometry of horizontal bar charts, drawn as inline SVG by the templates (no JavaScript, nothing fetched)."""
from __future__ import annotations

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


def scale_of(values: list[float | None], target: float | None, floor: float = 0) -> float:
    top = max([v for v in values if v is not None] + [target or 0, floor])
    return top if top > 0 else 1


def hbars(title: str, rows: list[dict[str, Any]], *, scale: float, target: float | None = None,
          target_text: str = "") -> Chart:
    """rows: {label, value, text, status}. Bar lengths are value / scale of the bar area."""
    bars = []
    for i, r in enumerate(rows):
        v = r.get("value")
        w = 0.0 if v is None else max(0.0, min(1.0, float(v) / scale)) * BAR_W
        bars.append(Bar(label=r["label"], short=fit(r["label"], LABEL_W - 10), value=v, text=r.get("text", ""),
                        status=r.get("status"), y=PAD + i * ROW_H, width=round(w, 1)))
    height = PAD * 2 + max(1, len(rows)) * ROW_H
    tx = None if target is None else round(LABEL_W + max(0.0, min(1.0, float(target) / scale)) * BAR_W, 1)
    return Chart(title=title, bars=bars, width=LABEL_W + BAR_W + VALUE_W, height=height, target_x=tx,
                 target_text=target_text)
