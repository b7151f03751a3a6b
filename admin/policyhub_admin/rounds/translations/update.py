"""Rebuild the round editors' catalog (domain `messages`, locale zh_Hans_CN).

    python admin/policyhub_admin/rounds/translations/update.py            # extract, merge, compile
    python admin/policyhub_admin/rounds/translations/update.py --compile  # compile only (after translating)

Strings of admin/policyhub_admin/rounds/**.py and templates/rounds/**.html are extracted to messages.pot and
merged into zh_Hans_CN/LC_MESSAGES/messages.po: translate the new entries there, then compile. English is the
source language (the msgids). `policyhub_admin.rounds.register` adds this folder to Flask-Babel's
translation directories; Flask-Babel merges it with the back office's and the core's catalogs.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADMIN = HERE.parent.parent.parent            # admin/
LOCALE = "zh_Hans_CN"
KEYWORDS = ["-k", "lazy_gettext", "-k", "gettext", "-k", "ngettext:1,2", "-k", "_"]


def pybabel(*args: str) -> None:
    exe = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(exe) if exe.exists() else "pybabel", *args], check=True)


def extract() -> None:
    pot = HERE / "messages.pot"
    pybabel("extract", "-F", str(HERE / "babel.cfg"), *KEYWORDS, "--no-location", "--sort-output",
            "--project", "policyhub-rounds", "--copyright-holder", "policyhub contributors",
            "-o", str(pot), str(ADMIN))
    po = HERE / LOCALE / "LC_MESSAGES" / "messages.po"
    if po.exists():
        pybabel("update", "-i", str(pot), "-d", str(HERE), "-l", LOCALE, "--no-fuzzy-matching",
                "--ignore-obsolete")
    else:
        pybabel("init", "-i", str(pot), "-d", str(HERE), "-l", LOCALE)


def compile_catalog() -> None:
    pybabel("compile", "-d", str(HERE), "-l", LOCALE, "-D", "messages", "--statistics")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--compile", action="store_true", help="compile only")
    args = p.parse_args()
    if not args.compile:
        extract()
    compile_catalog()


if __name__ == "__main__":
    main()
