"""How long `hrgraph validate --watch` takes from a save to its printed report.

Starts the watcher on a copy of a synthetic tree (benchmarks/synthetic.py), waits for its first
check, then saves one meeting file again and again, alternately with a participant's post
changed (a date rule then warns) and as it was, and times each save to the `checked:` line the
watcher prints for it: wall time, and the CPU time the watcher's process used meanwhile (from
/proc). Prints the first check's time and the median and range of the others.

    .venv/bin/python scripts/bench_watch.py --records 10000 --saves 9
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import synthetic  # noqa: E402
from benchmarks.proc import stat_fields  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/PID/stat."""
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Watcher:
    def __init__(self, sources: Path):
        command = [sys.executable, "-m", "graph", "validate", "--watch", "--sources", str(sources)]
        command += ["--ontology", str(REPO / "ontology")]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=sources.parent)
        self.checked: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("checked: "):
                self.checked.append((time.perf_counter(), line.strip()))

    def wait_for(self, count: int, timeout: float = 600) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while len(self.checked) < count:
            if time.perf_counter() > deadline or self.process.poll() is not None:
                raise SystemExit("the watcher gave no report")
            time.sleep(0.002)
        return self.checked[count - 1]


def meeting_edit(sources: Path) -> tuple[Path, str, str]:
    """A meeting file, its text, and its text with a participant's post changed for another."""
    meetings = sorted((sources / "meetings").rglob("*.yaml"))
    meeting = next(path for path in meetings if "as: post/" in path.read_text())
    text = meeting.read_text()
    post = re.search(r"as: (post/[\w-]+)", text)
    assert post is not None
    every = "".join(path.read_text() for path in sources.rglob("*.yaml"))
    other = next(p for p in sorted(set(re.findall(r"id: (post/[\w-]+)", every))) if p != post[1])
    return meeting, text, text.replace(post[1], other, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as folder:
        sources = Path(folder) / "sources"
        synthetic.write(sources, args.records)
        meeting, text, edited = meeting_edit(sources)
        started = time.perf_counter()
        watcher = Watcher(sources)
        first_at, first = watcher.wait_for(1)
        print(f"{args.records:,} records; first check {first_at - started:.2f} s after start: {first}")
        walls, cpus = [], []
        for save in range(args.saves):
            cpu = cpu_seconds(watcher.process.pid)
            saved = time.perf_counter()
            meeting.write_text(edited if save % 2 == 0 else text)
            at, line = watcher.wait_for(2 + save)
            walls.append(at - saved)
            cpus.append(cpu_seconds(watcher.process.pid) - cpu)
            print(f"save {save + 1}: {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU: {line}")
        watcher.process.terminate()
        watcher.process.wait()
        shutil.rmtree(sources, ignore_errors=True)
    print(
        f"save to report: median {statistics.median(walls):.2f} s wall "
        f"({min(walls):.2f}-{max(walls):.2f}), {statistics.median(cpus):.2f} s CPU "
        f"({min(cpus):.2f}-{max(cpus):.2f}); load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
