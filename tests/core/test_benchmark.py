"""The benchmark keeps working: it runs on a few applicants and its four ways agree before it times them.
(Its figures are not asserted: timings belong in the benchmark's output, not in tests.)"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_runs_every_sheet_and_reports_the_targets():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scoresheet.py"), "--applicants", "60",
                          "--repeat", "1"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    sheets = [line for line in out.stdout.splitlines() if line.startswith("annual-")]
    assert len(sheets) == 7
    assert out.stdout.count("panzi-json-logic / policyhub:") == 7
    assert "worst sheet: policyhub / bare per indicator" in out.stdout.splitlines()[-1]
