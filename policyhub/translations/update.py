"""Rebuild the core's catalogs (the portal's UI strings and the core's message codes).

    python policyhub/translations/update.py            # extract, merge into zh_Hans_CN and en, compile
    python policyhub/translations/update.py --compile  # compile only (after translating)

Strings are extracted from policyhub/ (the back office excluded: it has its own catalog) with the keywords
`_`, `gettext`, `ngettext`, `Message` (a message code: its first argument) and `M_` (a code chosen from a
table). New entries are empty: translate them in both .po files (for an English UI string, en copies the id;
for a message code, both languages word it, with the same %(name)s placeholders).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent
LOCALES = ("zh_Hans_CN", "en")
KEYWORDS = ("_", "gettext", "ngettext:1,2", "Message", "M_")


def pybabel(*args: str) -> None:
    exe = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(exe) if exe.exists() else "pybabel", *args], check=True)


def extract() -> None:
    """Extract into messages.pot and merge it into each locale's messages.po."""
    keywords = [a for k in KEYWORDS for a in ("-k", k)]
    pybabel("extract", "-F", str(HERE / "babel.cfg"), *keywords, "--no-location", "--sort-output",
            "--project=policyhub", "-w", "120", "-o", str(HERE / "messages.pot"), str(SOURCES))
    for locale in LOCALES:
        pybabel("update", "-i", str(HERE / "messages.pot"), "-d", str(HERE), "-l", locale, "-w", "120",
                "--ignore-obsolete", "--no-fuzzy-matching")


def compile_all() -> None:
    pybabel("compile", "-d", str(HERE), "--statistics")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--compile", action="store_true", help="compile only")
    if not p.parse_args().compile:
        extract()
    compile_all()


if __name__ == "__main__":
    main()
