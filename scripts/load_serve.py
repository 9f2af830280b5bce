"""Load on `hrgraph serve` (run by hand): N simple queries at concurrency C on loopback, while a
runaway query runs beside them; prints the errors, the latency percentiles, the CPU each request
cost (server, its evaluating processes, this client) and the machine's load average.

    .venv/bin/python scripts/load_serve.py --graph build/graph.nt --requests 2000 --concurrency 50

The server is a real `hrgraph serve` process on a free port. The client is C Python threads
(as when issue 15 was measured), or with `--asyncio` one loop holding C connections (less CPU a
request, but on a loaded machine one thread gets a smaller share of the CPU than 50, and its tail
was longer, not shorter). Latency is from the connection opened to the last byte of the answer.
On a machine that others share, the load average decides the tail: report it beside the
percentiles, and several runs."""

from __future__ import annotations

import argparse
import asyncio
import glob
import http.client
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.proc import stat_fields

SIMPLE = "SELECT ?s WHERE { ?s a ?type } LIMIT 10"
RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "x")) }'
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def target(sparql: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": sparql})


def get(port: int, sparql: str, timeout: float = 120.0) -> tuple[int, float]:
    """One GET of the query (http.client, blocking): its status and its time in seconds."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", target(sparql), headers={"Accept": "text/csv"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


async def get_async(port: int, request: bytes) -> tuple[int, float]:
    """One GET on its own connection, read to the server's close: its status and time."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        answer = await reader.read()
    finally:
        writer.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started


async def load(port: int, requests: int, concurrency: int) -> list[tuple[int, float]]:
    request = (
        f"GET {target(SIMPLE)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/csv\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    places = asyncio.Semaphore(concurrency)

    async def one() -> tuple[int, float]:
        async with places:
            try:
                return await get_async(port, request)
            except OSError:
                return 0, 0.0

    return await asyncio.gather(*(one() for _ in range(requests)))


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


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and of the processes it forked (alive or reaped), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def of(process: str) -> tuple[int, int]:
        fields = stat_fields(process)
        return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])

    total = sum(of(str(pid)))
    for children in glob.glob(f"/proc/{pid}/task/*/children"):
        for child in Path(children).read_text().split():
            try:
                total += of(child)[0]
            except OSError:
                continue
    return total / tick


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, default=Path("build/graph.nt"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=None, help="the server's --timeout")
    parser.add_argument("--no-runaway", action="store_true", help="no runaway query beside the load")
    parser.add_argument("--asyncio", action="store_true", help="one asyncio loop, not a thread a connection")
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
                try:
                    runaways.append(get(port, RUNAWAY)[0])
                except OSError:  # the server stopped at the end
                    return

        runner = threading.Thread(target=run_away, daemon=True)
        if not options.no_runaway:
            runner.start()
            time.sleep(0.5)  # let it start evaluating
        load_before = os.getloadavg()
        server_before = cpu_seconds(server.pid)
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        if not options.asyncio:
            with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
                results = list(pool.map(lambda _: get(port, SIMPLE), range(options.requests)))
        else:
            results = asyncio.run(load(port, options.requests, options.concurrency))
        took = time.perf_counter() - started
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        server_cpu = cpu_seconds(server.pid) - server_before
        stop.set()
        times = sorted(t for _, t in results)
        errors = sum(1 for status, _ in results if status != 200)
        cuts = statistics.quantiles(times, n=100)
        client_cpu = sum(
            getattr(client_after, f) - getattr(client_before, f) for f in ("ru_utime", "ru_stime")
        )
        print(
            f"{options.requests} requests at concurrency {options.concurrency} "
            f"({'asyncio' if options.asyncio else 'threads'} client) in {took:.1f} s "
            f"({options.requests / took:.0f}/s), errors {errors}; p50 {cuts[49] * 1000:.1f} ms, "
            f"p95 {cuts[94] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms"
        )
        print(
            f"CPU a request: server and its evaluators {server_cpu / options.requests * 1e6:.0f} us "
            "(the runaway's included), "
            f"client {client_cpu / options.requests * 1e6:.0f} us; load average before "
            f"{load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} (on {os.cpu_count()} CPUs)"
        )
        if not options.no_runaway:
            print(f"runaway query beside them: statuses {sorted(set(runaways)) or 'still running'}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
