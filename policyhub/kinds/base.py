"""The scheme-kind interface: what one kind of round section (a checklist, a score sheet, a funding schedule, ...)
brings to policyhub.

A kind is an object registered through the `policyhub_scheme_kinds` hook. It owns the key of the round it
reads (`section`), the pydantic type of that section (`model`), its load-time checks, its evaluation, its
suggestions ("what would change the answer") and the wording of its changes. The core loops over the registered
kinds and never imports one; the back office finds a kind's editor through `editor` (a dotted path it alone
imports) and its templates in `templates`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from functools import cached_property
from importlib import import_module
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter


class SchemeKind:
    """One kind of round section. Subclass it, set `name`, `section` and `model`, override what the kind does.

    - `name`: the kind's name ("checklist"); also the default package of its editor and templates;
    - `section`: the round key it owns ("criteria"); a round file writes the section under this key;
    - `model`: the type of the section as pydantic validates it (a model, `list[Model]`, ...);
    - `many`: True when the section is a list (an absent section is then `[]`, otherwise None).
    """

    name: str = ""
    section: str = ""
    model: Any = None
    many: bool = False

    # -- identity and files ---------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} section={self.section!r}>"

    @property
    def editor(self) -> str:
        """Dotted path "module:ATTRIBUTE" of the kind's back-office editor; only the back office imports it,
        through `load_editor`, and a kind without an editor module simply has none."""
        return f"policyhub.kinds.{self.name}.editor:EDITOR"

    @property
    def folder(self) -> Path:
        """The folder of the module that defines this kind (its package)."""
        return Path(sys.modules[type(self).__module__].__file__).resolve().parent

    @property
    def templates(self) -> Path:
        """The kind's template folder (back-office editor templates), beside its module."""
        return self.folder / "templates"

    def load_editor(self) -> Any | None:
        """The object `editor` names, or None when its module does not exist."""
        module_name, _, attr = self.editor.partition(":")
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name is not None and module_name.startswith(e.name):
                return None                     # the editor module (or its package) is missing: no editor
            raise
        return getattr(module, attr or "EDITOR", None)

    # -- the section ----------------------------------------------------------------------------------------
    @cached_property
    def adapter(self) -> TypeAdapter:
        """Validates the section's plain data (from YAML or the database) into `model`."""
        return TypeAdapter(self.model)

    @property
    def empty(self) -> Any:
        """The value of an absent section."""
        return [] if self.many else None

    def present(self, value: Any) -> bool:
        """Whether a round has this section."""
        return bool(value)

    # -- load-time checks ---------------------------------------------------------------------------------
    def check(self, ctx, section: Any) -> list[tuple[str, str]]:
        """Problems of the section in its round context, as (path below the section, message)."""
        return []

    def problems(self, ctx, section: Any) -> list[tuple[str, str]]:
        """`check`'s problems with paths from the top of the round ("criteria[c1].rule")."""
        return [(self.section + ("" if not p else p if p.startswith("[") else f".{p}"), m)
                for p, m in self.check(ctx, section)]

    # -- evaluation ---------------------------------------------------------------------------------------
    def plan(self, ctx, section: Any) -> Any:
        """What evaluation needs, prepared once per round version (compiled rules, ...)."""
        return section

    # the fields the kind's typed section (`result.put_section(name, section)`) gives the top of the JSON result,
    # null when a round has no such section (the score sheet: score, max_score, pass_mark, ...)
    result_fields: tuple[str, ...] = ()

    def evaluate(self, ctx, plan: Any, facts: dict[str, Any], as_of: dt.date | None, result) -> str | None:
        """Evaluate facts: add items, section data and missing facts to `result` (an evaluation Result, which
        builds explanations lazily through `result.explain_later`), the kind's typed section if it has one
        (`result.put_section(self.name, section)`), and return the outcome: pass, fail or
        undetermined; a status word (a lifecycle status) that answers only when no kind gives pass or fail;
        or None when the kind has no say."""
        raise NotImplementedError

    # -- the result page ----------------------------------------------------------------------------------
    item_kinds: tuple[str, ...] = ()   # the `kind` of the items this kind adds to a result ("criterion", ...)
    page_rows: str = "other"           # the list of the result page that shows them ("criteria", "sheet", "other")

    # the words of the status words the kind's items and outcomes use ("active", "paid", ...): English ids of the
    # core catalog, marked with `M_` so that the catalog update finds them; the portal renders them translated
    status_words: dict[str, str] = {}

    def status_label(self, section: Any, status: str) -> dict[str, str] | None:
        """The label ({zh, en}, from the policy data) the round's section gives a status word (a lifecycle's
        statuses), or None when the section does not name it."""
        return None

    def row_depth(self, item: dict[str, Any]) -> int:
        """How far the result page indents one of this kind's items (JSON), from its path. Default: 0."""
        return 0

    # -- after evaluation ---------------------------------------------------------------------------------
    def suggest(self, result_json: dict[str, Any], rnd, facts) -> list[dict[str, Any]]:
        """What would change a non-passing answer, from the result as JSON; `facts` describes the round's facts
        (labels, units, types). Default: nothing."""
        return []

    def describe_change(self, change: dict[str, Any], old: Any, new: Any) -> dict[str, Any]:
        """Wording for one change of this section between two rounds (`policyhub.diff`): by default the label
        of the innermost keyed object the change's path names (a criterion, an indicator, a tier), read from
        the section's plain data `new` (or `old` for a removal). {} when there is none."""
        keys = re.findall(r"\[([^\]]+)\]", change["path"])
        for key in reversed(keys):
            for data in (new, old):
                label = _label_of(data, key)
                if label is not None:
                    return {"label": label}
        return {}


def _label_of(data: Any, key: str) -> Any:
    """The label of the object with this key (or number) anywhere in plain data, or None."""
    if isinstance(data, dict):
        if str(data.get("key", data.get("number"))) == key and isinstance(data.get("label"), dict):
            return data["label"]
        values = data.values()
    elif isinstance(data, list):
        values = data
    else:
        return None
    for v in values:
        found = _label_of(v, key)
        if found is not None:
            return found
    return None


class SectionKind(SchemeKind):
    """A kind whose evaluation is one function `evaluate_section(ctx, section, facts, as_of) -> SectionResult`
    (items, section data and missing facts built at once)."""

    # the kind's typed section: a dataclass whose fields are read from the section data by name (`typed_section`)
    section_type: type | None = None

    def evaluate_section(self, ctx, section: Any, facts: dict[str, Any], as_of: dt.date | None):
        """The SectionResult for the facts."""
        raise NotImplementedError

    def evaluate(self, ctx, plan, facts, as_of, result) -> str | None:
        """Evaluate through `evaluate_section` and copy its items, data and missing facts into `result`."""
        sr = self.evaluate_section(ctx, plan, facts, as_of)
        result.add_items(sr.items)
        result.set_section(self.name, sr.data)
        if self.section_type is not None:
            result.put_section(self.name, typed_section(self.section_type, sr.data))
        if sr.missing:
            result.missing = sorted(set(result.missing) | set(sr.missing))
        return sr.outcome


def typed_section(cls: type, data: dict[str, Any]) -> Any:
    """A kind's typed section `cls` (a dataclass) from its section data: each field from the key of the same
    name (None when absent). The data dict itself stays the explanation data of the JSON result."""
    return cls(**{f.name: data.get(f.name) for f in dataclasses.fields(cls)})
