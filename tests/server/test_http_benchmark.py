"""The HTTP benchmark keeps working: a short run against the real server answers every request.
(Its latency figures are not asserted: they belong in the benchmark's output.)"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_http_benchmark_runs_against_the_real_server():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "http.py"), "--rates", "20", "--duration", "1",
                          "--endpoints", "evaluate,schemes,home"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if "/s" in line and " sent " in line]
    assert [line.split()[0] for line in lines] == ["evaluate", "schemes", "home"]
    for line in lines:
        assert " 20 sent      20 ok     0 errors" in line, line
        assert "cpu" in line and "p99" in line


def test_http_benchmark_refuses_other_hosts():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "http.py"), "--url", "http://example.org:80"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "loopback only" in out.stderr
