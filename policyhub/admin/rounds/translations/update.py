"""Rebuild the round editors' catalog (domain `messages`, locale zh_Hans_CN).

    python policyhub/admin/rounds/translations/update.py            # extract, merge, compile
    python policyhub/admin/rounds/translations/update.py --compile  # compile only (after translating)

Strings of policyhub/admin/rounds/**.py, templates/rounds/**.html and the kinds' editors
(policyhub/kinds/*/editor.py, kinds/*/templates/**.html) are extracted to messages.pot and
merged into zh_Hans_CN/LC_MESSAGES/messages.po: translate the new entries there, then compile. English is the
source language (the msgids). The back office plugin's `policyhub_translations` hook adds this folder to Flask-Babel's
translation directories; Flask-Babel merges it with the back office's and the core's catalogs.
"""
from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADMIN = HERE.parent.parent.parent            # policyhub/


def _shared():
    """The back office's catalog script (extract / merge / compile), loaded from its file."""
    path = HERE.parent.parent / "translations" / "update.py"
    spec = importlib.util.spec_from_file_location("policyhub_admin_catalog_update", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--compile", action="store_true", help="compile only")
    args = p.parse_args()
    shared = _shared()
    if not args.compile:
        shared.extract(HERE, ADMIN, project="policyhub-rounds")
    shared.compile_messages(HERE)


if __name__ == "__main__":
    main()
