"""The benchmark keeps working: it runs on a few records and its ways agree before it times them.
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
    assert [line for line in out.stdout.splitlines() if line.startswith("checklist hunan-park-subcentre-requirements")]
    # every sheet and the checklist: the public API beside the bare engine on the same whole rule
    assert out.stdout.count("public API / bare engine whole rule:") == 8
    assert out.stdout.count("panzi-json-logic") == 7
    assert "worst: public API / bare engine whole rule" in out.stdout.splitlines()[-1]
