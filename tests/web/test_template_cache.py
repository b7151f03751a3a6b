"""Apps of one process share compiled templates (policyhub/template_cache.py), and an edited template is
compiled again."""
from __future__ import annotations

from jinja2 import DictLoader, Environment

from policyhub.template_cache import SHARED, MemoryBytecodeCache


def test_every_app_uses_the_shared_cache_and_fills_it(app, tmp_path, bundled_policyset):
    from tests.conftest import _make_app

    other = _make_app(f"sqlite:///{tmp_path / 'other.db'}", None)
    assert app.jinja_env.bytecode_cache is SHARED and other.jinja_env.bytecode_cache is SHARED
    SHARED.clear()
    assert app.test_client().get("/").status_code == 200
    assert SHARED._store, "rendering a page stores its compiled templates"


def test_an_edited_template_is_compiled_again():
    cache = MemoryBytecodeCache()
    sources = {"t.html": "one {{ x }}"}
    first = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert first.get_template("t.html").render(x=1) == "one 1"
    sources["t.html"] = "two {{ x }}"
    second = Environment(loader=DictLoader(sources), bytecode_cache=cache)
    assert second.get_template("t.html").render(x=1) == "two 1"
    assert len(cache._store) == 1        # the same template's entry, replaced
