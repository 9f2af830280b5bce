"""What Linux's /proc says of a process, as the benchmark scripts read it: its stat fields
and the memory it holds. Each raises OSError once the process is gone."""

from __future__ import annotations

from pathlib import Path


def stat_fields(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command's name, which may hold spaces: [0] is the
    state, [1] the parent, [2] the process group, [11] and [12] the user and system ticks."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def pss_kb(pid: int | str) -> int:
    """The process's proportional set size (its shared pages split among their sharers), in kB;
    0 where /proc does not say it."""
    with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
        for line in rollup:
            if line.startswith(b"Pss:"):
                return int(line.split()[1])
    return 0
