"""Load on `hrgraph serve` (run by hand): N simple queries at concurrency C on loopback, while a
runaway query runs beside them; prints the errors and the latency percentiles.

    .venv/bin/python scripts/load_serve.py --graph build/graph.nt --requests 2000 --concurrency 50

The server is a real `hrgraph serve` process on a free port, so the client's threads do not
share its interpreter. Every query is evaluated in a process forked for it, so this also
measures what that costs."""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SIMPLE = "SELECT ?s WHERE { ?s a ?type } LIMIT 10"
RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "x")) }'
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, sparql: str, timeout: float = 120.0) -> tuple[int, float]:
    """One GET of the query: its status and its time in seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "GET", "/sparql?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": "text/csv"}
        )
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"hrgraph serve exited with {server.returncode}")
        try:
            get(port, "ASK {}", timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("hrgraph serve did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, default=Path("build/graph.nt"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=None, help="the server's --timeout")
    parser.add_argument("--no-runaway", action="store_true", help="no runaway query beside the load")
    options = parser.parse_args()
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from graph.cli import run; run()",
        "serve",
        "--graph",
        str(options.graph),
    ]
    limit = [] if options.timeout is None else ["--timeout", str(options.timeout)]
    server = subprocess.Popen([*command, "--port", str(port), *limit], stderr=subprocess.DEVNULL)
    try:
        wait_for(port, server)
        stop = threading.Event()
        runaways: list[int] = []

        def run_away() -> None:
            while not stop.is_set():
                runaways.append(get(port, RUNAWAY)[0])

        runner = threading.Thread(target=run_away, daemon=True)
        if not options.no_runaway:
            runner.start()
            time.sleep(0.5)  # let it start evaluating
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
            results = list(pool.map(lambda _: get(port, SIMPLE), range(options.requests)))
        took = time.perf_counter() - started
        stop.set()
        times = sorted(t for _, t in results)
        errors = sum(1 for status, _ in results if status != 200)
        cuts = statistics.quantiles(times, n=100)
        print(
            f"{options.requests} requests at concurrency {options.concurrency} in {took:.1f} s "
            f"({options.requests / took:.0f}/s), errors {errors}; "
            f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms"
        )
        if not options.no_runaway:
            print(f"runaway query beside them: statuses {sorted(set(runaways)) or 'still running'}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
