"""Every compiled catalog (.mo) says what its .po says: a stale .mo (a merge that picked one side, a .po
edited without compiling) would show old or missing words on the pages."""
from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(p for p in ROOT.glob("**/LC_MESSAGES/*.po")
                  if ".venv" not in p.parts and "site-packages" not in p.parts)


def _po_messages(po: Path) -> dict[str, str]:
    with po.open("rb") as fh:
        catalog = read_po(fh)
    out = {}
    for m in catalog:
        if not m.id or m.fuzzy or isinstance(m.id, tuple) or not m.string:
            continue
        out[m.id] = m.string
    return out


def test_there_are_catalogs():
    assert len(CATALOGS) >= 5


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalog_matches_its_source(po: Path):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run pybabel compile"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = {k: (v, compiled._catalog.get(k)) for k, v in _po_messages(po).items() if compiled._catalog.get(k) != v}
    assert not stale, f"{mo} is stale for {len(stale)} message(s), e.g. {next(iter(stale.items()))}; recompile it"
