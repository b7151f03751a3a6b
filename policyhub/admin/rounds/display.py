"""How the round pages show labels, values and citations in the official's language."""
from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext

from policyhub.i18n import render_value

from .fields import format_number
from .forms import lang


def tr(label: Any) -> str:
    """The official's side of a bilingual label (a Label, a {zh, en} dict or plain text)."""
    if label is None:
        return ""
    if hasattr(label, "zh"):
        return label.en if lang() == "en" else label.zh
    if isinstance(label, dict) and ("zh" in label or "en" in label):
        return label.get("en" if lang() == "en" else "zh") or label.get("zh") or label.get("en") or ""
    return str(label)


def show(value: Any) -> str:
    """A value as the diff and preview tables show it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, dict) and set(value) <= {"zh", "en"} and value:
        return tr(value)
    if isinstance(value, list) and all(v is None or isinstance(v, (str, int, float, bool)) for v in value):
        return render_value([show(v) for v in value])
    if isinstance(value, (dict, list)):
        if isinstance(value, dict) and set(value) == {"param"}:
            return f"param:{value['param']}"
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def cite_text(cite: Any, default_doc: str | None = None) -> str:
    """A citation as "document article" (the scheme's document when the citation names none)."""
    if not cite:
        return ""
    if hasattr(cite, "ref"):
        doc, ref = cite.doc, cite.ref
    else:
        doc, ref = cite.get("doc"), cite.get("ref")
    doc = doc or default_doc
    return f"{doc} {ref}".strip() if doc else (ref or "")
