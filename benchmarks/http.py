"""Benchmark: the real server (`policyhub serve`, gunicorn) under an open-loop load on loopback.

Open loop: request i is due at start + i / rate whether or not earlier answers came back, and its latency is
measured from that intended send time, so a server that falls behind shows its queue in the figures (a
closed loop, which waits for each answer, would hide it). Each endpoint is loaded at each rate in turn:

  evaluate   POST /api/v1/schemes/huangpu-platform-annual/evaluate (facts of a bundled test case)
  schemes    GET  /api/v1/schemes
  home       GET  /                                      (the portal's home page)

Printed per run: requests sent, answered 2xx, errors (non-2xx, refused or timed out), the rate achieved,
latency p50/p99/max in ms, and the server's CPU per request (user+system time of the gunicorn master and
workers, read from /proc, divided by the requests answered). Targets (2-core machine): p99 <= 10 ms and 0
errors at 300 requests/s for 60 s. Another process loading the machine shows in the figures: say so.

Bounded: loopback only, at most --duration seconds per run, at most 200,000 requests in all, a 10 s timeout
per request. By default the benchmark runs `policyhub init` on a temporary database and starts
`policyhub serve --workers N` on a free port itself, then stops it with SIGTERM.

Run: python benchmarks/http.py [--rates 100,300,600] [--duration 10] [--endpoints evaluate,schemes,home]
                               [--workers 2] [--url http://127.0.0.1:PORT (a running server instead)]
"""
from __future__ import annotations

import sys
from pathlib import Path

# This file is named http.py: run as a script, its folder comes first on sys.path and would shadow the
# standard library's http package that urllib needs (hence the imports below it: noqa E402).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 200_000
TIMEOUT_S = 10.0
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
EVALUATE_SCHEME = "huangpu-platform-annual"
TARGET_P99_MS, TARGET_RATE, TARGET_SECONDS = 10.0, 300, 60


def evaluate_body() -> bytes:
    """The facts of the first bundled test case of the Huangpu annual assessment."""
    sys.path.insert(0, str(ROOT))
    from policyhub.hub import Hub

    ps = Hub.from_plugins().policyset
    for cases in ps.cases:
        if cases.scheme == EVALUATE_SCHEME and cases.cases:
            facts = cases.cases[0].facts
            return json.dumps({"facts": facts}, ensure_ascii=False, default=str).encode()
    raise SystemExit(f"no test case for {EVALUATE_SCHEME}")


def endpoints(body: bytes) -> dict[str, tuple[str, str, bytes | None]]:
    return {
        "evaluate": ("POST", f"/api/v1/schemes/{EVALUATE_SCHEME}/evaluate", body),
        "schemes": ("GET", "/api/v1/schemes", None),
        "home": ("GET", "/", None),
    }


# -- the load ----------------------------------------------------------------------------------------

@dataclass
class Run:
    endpoint: str
    rate: int
    seconds: float
    latencies: list[float] = field(default_factory=list)       # ms, answered 2xx
    errors: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    wall: float = 0.0
    cpu_ms: float = 0.0


async def _one(host: str, port: int, request: bytes) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length:
            await reader.readexactly(length)
        else:
            await reader.read()
        return status
    finally:
        writer.close()


def _request_bytes(host: str, port: int, method: str, path: str, body: bytes | None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close",
             "User-Agent: policyhub-benchmark"]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


async def _load(run: Run, host: str, port: int, request: bytes) -> None:
    loop = asyncio.get_running_loop()
    total = int(run.rate * run.seconds)
    start = loop.time() + 0.05
    tasks = []

    async def fire(due: float) -> None:
        try:
            status = await asyncio.wait_for(_one(host, port, request), TIMEOUT_S)
        except asyncio.TimeoutError:
            run.errors["timeout"] = run.errors.get("timeout", 0) + 1
            return
        except OSError as e:
            kind = type(e).__name__
            run.errors[kind] = run.errors.get(kind, 0) + 1
            return
        if 200 <= status < 300:
            run.latencies.append((loop.time() - due) * 1000)
        else:
            run.errors[str(status)] = run.errors.get(str(status), 0) + 1

    for i in range(total):
        due = start + i / run.rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(due)))
        run.sent += 1
    await asyncio.gather(*tasks)
    run.wall = loop.time() - start


async def _warm_up(host: str, port: int, request: bytes, n: int = 20) -> None:
    """A few requests first, not counted: every worker builds its Hub and caches before the clock runs."""
    for _ in range(n):
        await asyncio.wait_for(_one(host, port, request), TIMEOUT_S)


# -- the server --------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(master: int | None) -> float:
    """user+system seconds of the server's processes (master and its children), from /proc."""
    if master is None:
        return float("nan")
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid, ppid = int(entry.name), int(fields[1])
        if pid == master or ppid == master:
            total += (int(fields[11]) + int(fields[12])) / tick       # utime, stime
    return total


class Server:
    """`policyhub init` then `policyhub serve` on a free loopback port, stopped with SIGTERM."""

    def __init__(self, workers: int):
        self.tmp = tempfile.TemporaryDirectory(prefix="policyhub-bench-")
        self.port = _free_port()
        exe = Path(sys.executable).with_name("policyhub")
        self.env = {**os.environ, "POLICYHUB_DATABASE_URL": f"sqlite:///{self.tmp.name}/bench.db",
                    "POLICYHUB_SECRET_KEY": os.urandom(32).hex(), "POLICYHUB_MODE": "production"}
        subprocess.run([str(exe), "init"], env=self.env, check=True, capture_output=True, timeout=300)
        self.log = open(Path(self.tmp.name) / "server.log", "wb")
        self.proc = subprocess.Popen([str(exe), "serve", "--port", str(self.port), "--workers", str(workers),
                                      "--access-log", ""], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited: see {self.log.name}")
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2).read()      # noqa: S310 - loopback
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("the server did not answer within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
        self.tmp.cleanup()


# -- report ------------------------------------------------------------------------------------------

def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report_line(run: Run) -> str:
    answered = len(run.latencies)
    errors = sum(run.errors.values())
    detail = (" (" + ", ".join(f"{k}: {v}" for k, v in sorted(run.errors.items())) + ")") if errors else ""
    return (f"{run.endpoint:9} {run.rate:5}/s {run.sent:7} sent {answered:7} ok {errors:5} errors{detail}  "
            f"achieved {answered / run.wall if run.wall else 0:6.1f}/s  "
            f"p50 {_pct(run.latencies, 0.50):7.2f} ms  p99 {_pct(run.latencies, 0.99):7.2f} ms  "
            f"max {max(run.latencies) if run.latencies else float('nan'):8.2f} ms  "
            f"cpu {run.cpu_ms:5.2f} ms/request")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rates", default="100,300,600")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint and rate (max 120)")
    ap.add_argument("--endpoints", default="evaluate,schemes,home")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--url", help="a server already running on loopback (CPU per request is not measured)")
    args = ap.parse_args(argv)

    rates = [int(r) for r in args.rates.split(",")]
    duration = min(max(args.duration, 1.0), 120.0)
    if sum(rates) * duration * len(args.endpoints.split(",")) > MAX_REQUESTS:
        raise SystemExit(f"more than {MAX_REQUESTS} requests asked for: lower --duration or --rates")
    targets = endpoints(evaluate_body())
    chosen = [e for e in args.endpoints.split(",") if e]
    unknown = set(chosen) - set(targets)
    if unknown:
        raise SystemExit(f"unknown endpoints: {', '.join(sorted(unknown))}; known: {', '.join(targets)}")

    server = None
    if args.url:
        parts = urlsplit(args.url)
        if parts.hostname not in LOOPBACK:
            raise SystemExit("loopback only: --url must be http://127.0.0.1:PORT or http://localhost:PORT")
        host, port, master = parts.hostname, parts.port or 80, None
    else:
        server = Server(args.workers)
        host, port, master = "127.0.0.1", server.port, server.proc.pid
    print(f"policyhub HTTP benchmark: {args.workers if server else '?'} gunicorn workers, "
          f"{os.cpu_count()} cores, load average before: {os.getloadavg()[0]:.2f}, {duration:g} s per run")
    runs = []
    try:
        for name in chosen:
            method, path, body = targets[name]
            request = _request_bytes(host, port, method, path, body)
            asyncio.run(_warm_up(host, port, request))
            for rate in rates:
                run = Run(name, rate, duration)
                before = _cpu_seconds(master)
                asyncio.run(_load(run, host, port, request))
                run.cpu_ms = (_cpu_seconds(master) - before) * 1000 / max(1, len(run.latencies))
                runs.append(run)
                print(report_line(run), flush=True)
    finally:
        if server is not None:
            server.stop()
    print(f"load average after: {os.getloadavg()[0]:.2f} (other work on the machine inflates the figures)")
    for run in runs:
        if run.rate == TARGET_RATE:
            errors = sum(run.errors.values())
            ok = _pct(run.latencies, 0.99) <= TARGET_P99_MS and errors == 0
            print(f"target {run.endpoint} at {TARGET_RATE}/s for {run.seconds:g} s (wanted {TARGET_SECONDS} s): "
                  f"p99 {_pct(run.latencies, 0.99):.2f} ms <= {TARGET_P99_MS:g} ms and 0 errors: "
                  f"{'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
