"""The population benchmark keeps working: on a small population its ways agree before it times them.
(Its figures are not asserted: timings belong in the benchmark's output.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_population_benchmark_runs_and_checks_agreement():
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "population.py"),
            "--sizes",
            "1000",
            "--sample",
            "300",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "DISAGREE" not in out.stderr
    lines = out.stdout.splitlines()
    assert sum("compiled SQL" in line for line in lines) == 2
    assert any("hand-written" in line and "compiled counts / hand-written" in line for line in lines)
    assert lines[-1].startswith("peak memory")
