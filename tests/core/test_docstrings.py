"""Every public function of the core API says what it does: `create_app`, `Hub`, `Result`, the hook specs."""
from __future__ import annotations

import inspect

import pytest

import policyhub
from policyhub import hookspecs


def _public_members(cls) -> list[tuple[str, object]]:
    out = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, (classmethod, staticmethod)):
            value = value.__func__
        if isinstance(value, property):
            value = value.fget
        if inspect.isfunction(value):
            out.append((f"{cls.__name__}.{name}", value))
    return out


def _api() -> list[tuple[str, object]]:
    out = [("create_app", policyhub.create_app), ("plugin_manager", policyhub.plugin_manager)]
    for cls in (policyhub.Hub, policyhub.Result):
        out.append((cls.__name__, cls))
        out += _public_members(cls)
    out += [(name, f) for name, f in vars(hookspecs).items() if name.startswith("policyhub_")]
    return out


def test_the_api_list_is_not_empty():
    names = [n for n, _ in _api()]
    assert "Hub.evaluate" in names and "Result.to_json" in names and "policyhub_policy_paths" in names
    assert len([n for n in names if n.startswith("policyhub_")]) >= 7


@pytest.mark.parametrize(("name", "obj"), _api(), ids=[n for n, _ in _api()])
def test_public_function_has_a_docstring(name, obj):
    doc = inspect.getdoc(obj) if inspect.isclass(obj) else obj.__doc__
    assert doc and len(doc.strip()) >= 10, f"{name} has no docstring"
