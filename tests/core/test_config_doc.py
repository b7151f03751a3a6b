"""docs/config.md lists every POLICYHUB_* environment variable policyhub reads."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"""(?:env|environ)(?:\.get\(|\[)\s*["'](POLICYHUB_\w+)["']""")


def _read_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "policyhub").rglob("*.py"):
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_environment_setting_is_documented():
    read = _read_settings()
    assert {"POLICYHUB_DATABASE_URL", "POLICYHUB_SECRET_KEY", "POLICYHUB_MODE"} <= read
    doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(POLICYHUB_\w+)` \|", doc, re.M))
    assert read - documented == set(), "document these settings in docs/config.md"
    assert documented - read == set(), "docs/config.md lists settings nothing reads"
