"""The command line imports a command's module only when that command runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module

from policyhub.cli import CORE_COMMANDS, main


def test_the_command_index_names_every_core_command_in_its_module():
    declared = {}
    for module in sorted(set(CORE_COMMANDS.values())):
        for cmd in import_module(f"policyhub.cli.{module}").COMMANDS:
            declared[cmd.name] = module
    assert declared == CORE_COMMANDS


def test_help_lists_core_and_plugin_commands():
    from click.testing import CliRunner

    out = CliRunner().invoke(main, ["--help"]).output
    for name in list(CORE_COMMANDS) + ["users"]:    # `users` comes from the back-office plugin's hook
        assert f"  {name} " in out, name


def test_schemes_does_not_import_the_population_store_the_server_or_the_back_office(tmp_path):
    probe = (
        "import sys, json\n"
        "from policyhub.cli import main\n"
        "try:\n"
        "    main(['schemes', '--from-files'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['sqlglot', 'duckdb', 'gunicorn', 'flask_admin', 'openpyxl', 'policyhub.population']\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "POLICYHUB_DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120)
    assert "huangpu-platform-annual" in proc.stdout
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []
