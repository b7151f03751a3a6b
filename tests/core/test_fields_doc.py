"""docs/plugins.md's table of required and optional keys says what the policy models say."""
from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from policyhub.definitions import Cases, Document, Jurisdiction, Round, Scheme
from policyhub.kinds import registry

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def _models() -> dict[str, type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}

    def visit(t) -> None:
        for a in typing.get_args(t):
            visit(a)
        if isinstance(t, type) and issubclass(t, BaseModel) and t.__name__ not in seen:
            seen[t.__name__] = t
            for f in t.model_fields.values():
                visit(f.annotation)

    for m in (Jurisdiction, Document, Scheme, Round, Cases):
        visit(m)
    for kind in registry.kinds():            # a round's sections belong to the registered (built-in) kinds
        visit(kind.model)
    return seen


def _optional(name: str, fields) -> list[str]:
    keys = [k for k, f in fields.items() if not f.is_required() and k != "kind"]
    if name == "Round":                      # the built-in kinds' sections follow the round's own keys
        keys += [k.section for k in registry.kinds() if type(k).__module__.startswith("policyhub.")]
    return keys


def _keys(cell: str) -> list[str]:
    """The keys a cell names, leaving out what it says in parentheses."""
    return re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", cell))


def test_the_table_lists_every_key_of_each_model_as_required_or_optional():
    models = _models()
    rows = re.findall(r"^\| `(\w+)` \| ([^|]*) \| ([^|]*) \|$", DOC.read_text(encoding="utf-8"), re.M)
    assert len(rows) >= 12
    for name, required, optional in rows:
        fields = models[name].model_fields
        assert _keys(required) == [k for k, f in fields.items() if f.is_required()], name
        assert sorted(_keys(optional)) == sorted(_optional(name, fields)), name
