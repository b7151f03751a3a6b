"""Rebuild the back office's catalogs.

    python policyhub/admin/translations/update.py            # extract, merge, compile
    python policyhub/admin/translations/update.py --compile  # compile only (after translating)

- messages (this package's own strings): extracted to messages.pot, merged into
  zh_Hans_CN/LC_MESSAGES/messages.po (translate the new entries there), compiled to messages.mo;
- admin (Flask-Admin's own strings): Flask-Admin's shipped zh_Hans_CN admin.po is copied here and compiled,
  because the admin.mo it ships lacks entries ("Failed to save record." among them). Admin() is given this
  folder as translations_path, so its catalog is read before Flask-Admin's.

The folder is zh_Hans_CN (not zh_CN): that is the locale name Flask-Admin and the app select.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE_PARENT = HERE.parent.parent          # policyhub/
LOCALE = "zh_Hans_CN"
KEYWORDS = ["-k", "lazy_gettext", "-k", "gettext", "-k", "ngettext:1,2", "-k", "_", "-k", "M_"]


def pybabel(*args: str) -> None:
    exe = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(exe) if exe.exists() else "pybabel", *args], check=True)


def flask_admin_po() -> Path:
    import flask_admin

    return Path(flask_admin.__file__).parent / "translations" / LOCALE / "LC_MESSAGES" / "admin.po"


def extract(folder: Path = HERE, sources: Path = PACKAGE_PARENT, project: str = "policyhub") -> None:
    """Extract the strings under `sources` (as `folder`/babel.cfg maps them) and merge them into `folder`'s
    zh_Hans_CN messages catalog (created when missing)."""
    pot = folder / "messages.pot"
    pybabel("extract", "-F", str(folder / "babel.cfg"), *KEYWORDS, "--no-location", "--sort-output",
            "--project", project, "--copyright-holder", "policyhub contributors",
            "-o", str(pot), str(sources))
    po = folder / LOCALE / "LC_MESSAGES" / "messages.po"
    if po.exists():
        pybabel("update", "-i", str(pot), "-d", str(folder), "-l", LOCALE, "--no-fuzzy-matching",
                "--ignore-obsolete")
    else:
        pybabel("init", "-i", str(pot), "-d", str(folder), "-l", LOCALE)


def compile_messages(folder: Path) -> None:
    pybabel("compile", "-d", str(folder), "-l", LOCALE, "-D", "messages", "--statistics")


def compile_all() -> None:
    target = HERE / LOCALE / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(flask_admin_po(), target / "admin.po")
    compile_messages(HERE)
    pybabel("compile", "-d", str(HERE), "-l", LOCALE, "-D", "admin", "--statistics")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--compile", action="store_true", help="compile only")
    args = p.parse_args()
    if not args.compile:
        extract()
    compile_all()


if __name__ == "__main__":
    main()
