"""HTML of a `TypedDataField` (typed_data.py): Bootstrap inputs with labels, units and help in the UI language,
each fact's errors beside it; list facts as rows with an "add a row" button (static/typed-rows.js)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

from policyhub.web.fact_form import NO, YES

ROWS = 2                                     # empty rows offered under a list's values


def _lang() -> str:
    from ..base import _ui_lang

    return _ui_lang()


def _pick(label: Any) -> str:
    if isinstance(label, dict):
        return label.get(_lang()) or label.get("zh") or ""
    return "" if label is None else str(label)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _input(f, name: str, raw: str, dom_id: str) -> str:
    attrs = f'name="{escape(name)}" id="{escape(dom_id)}" class="form-control"'
    if f.kind in ("integer", "number"):
        return f'<input type="number" step="{f.step}" {attrs} value="{escape(raw)}">'
    if f.kind == "date":
        return f'<input type="date" {attrs} value="{escape(raw)}">'
    if f.kind in ("boolean", "choice"):
        options = [("", gettext("Unknown"))]
        options += ([(YES, gettext("Yes")), (NO, gettext("No"))] if f.kind == "boolean"
                    else [(v, _pick(label)) for v, label in f.choices])
        if raw and raw not in {v for v, _ in options}:
            options.append((raw, raw))
        opts = "".join(f'<option value="{escape(v)}"{" selected" if v == raw else ""}>{escape(t)}</option>'
                       for v, t in options)
        return f'<select {attrs}>{opts}</select>'
    return f'<input type="text" {attrs} value="{escape(raw)}">'


def render_typed(field) -> Markup:
    parts = [f'<div class="ph-typed" id="{escape(field.id)}">',
             f'<input type="hidden" name="{escape(field.name)}-present" value="1">']
    for fact, f in field.inputs.items():
        dom = f"{field.id}-{fact}"
        unit = gettext("(%(unit)s)", unit=_pick(f.unit)) if f.unit else ""
        label = escape(_pick(f.label)) + (Markup(' <small class="text-muted">%s</small>') % unit if unit else "")
        errors = field.fact_errors.get(fact) or []
        parts.append(f'<div class="form-group ph-fact{" has-error" if errors else ""}" data-fact="{escape(fact)}">')
        parts.append(f'<label for="{escape(dom)}">{label}</label>')
        if field.is_list(fact):
            item = f.item
            raws = field.rows.get(fact)
            if raws is None:
                raws = [_text(v) for v in (field.data or {}).get(fact) or []]
            raws = [r for r in raws if r] + [""] * ROWS
            parts.append(f'<div class="ph-rows" data-ph-rows="{escape(dom)}">')
            for i, raw in enumerate(raws):
                row_id = dom if i == 0 else f"{dom}-{i}"
                parts.append(f'<div class="ph-row mb-1">{_input(item, field.input_name(fact), raw, row_id)}</div>')
            parts.append('</div>')
            add = escape(gettext("Add a row"))
            parts.append(f'<button type="button" class="btn btn-sm btn-outline-secondary ph-add-row" '
                         f'data-ph-add-row="{escape(dom)}">{add}</button>')
            hint = gettext("One value per row; leave a row empty to drop it, and every row empty if unknown.")
        else:
            raw = f.raw if f.raw else _text((field.data or {}).get(fact))
            parts.append(_input(f, field.input_name(fact), raw, dom))
            hint = ""
        help_text = _pick(f.help)
        if help_text or hint:
            parts.append(f'<small class="form-text text-muted">{escape(" ".join(x for x in (help_text, hint) if x))}'
                         f'</small>')
        for e in errors:
            parts.append(f'<div class="invalid-feedback d-block ph-fact-error">{escape(e)}</div>')
        parts.append('</div>')
    kept = {k: v for k, v in (field.object_data or {}).items() if k not in field.inputs}
    if kept:
        items = "".join(f"<li>{escape(k)}: {escape(_text(v))}</li>" for k, v in sorted(kept.items()))
        title = escape(gettext("Other recorded values (kept as they are):"))
        parts.append(f'<div class="small text-muted ph-kept">{title}<ul class="mb-0">{items}</ul></div>')
    parts.append('</div>')
    return Markup("".join(parts))
