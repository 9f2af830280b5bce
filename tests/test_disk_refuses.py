"""A build the disk refuses part-way (full, or a file over the size the system allows) ends with
one line naming where it could not write and why, exit code 3, and the last build as it was.
The refusal is real: the build runs with a file size limit (RLIMIT_FSIZE), under which the
system refuses a write past the limit as a full disk refuses any write."""

from __future__ import annotations

import errno
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from graph.core.errors import system_said

from .conftest import GOLDEN, REPO

LIMIT = 3 * 1024 * 1024
"""Above the golden build's dumps and network page, below the query page's engine (5 MB)."""


def _build(sources: Path, out: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-c", "from graph.cli import run; run()", "build"]
    command += ["--sources", str(sources), "--ontology", str(REPO / "ontology"), "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, preexec_fn=limited, cwd=REPO)


def _outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and ".state" not in p.parts
    }


def test_a_build_the_disk_refuses_says_where_and_keeps_the_last_build(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(GOLDEN / "sources", sources)
    out = tmp_path / "build"
    assert _build(sources, out).returncode == 0
    before = _outputs(out)
    for file in sources.rglob("*.yaml"):  # a change, so that every output is written again
        file.write_text(file.read_text(encoding="utf-8").replace("Ana Example", "Ana Examples"), "utf-8")

    refused = _build(sources, out, LIMIT)

    assert refused.returncode == 3, refused.stderr
    where = rf"(the build in )?{re.escape(str(out))}\S*"
    assert re.fullmatch(rf"hrgraph: cannot write {where}: File too large\n", refused.stderr), refused.stderr
    assert _outputs(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build", "sources"]  # no leftovers


def test_a_full_disk_is_named_with_what_to_do() -> None:
    said = system_said(OSError(errno.ENOSPC, "No space left on device"))
    assert said == "No space left on device (free some space on that disk, or write elsewhere)"
    assert system_said(OSError(errno.EACCES, "Permission denied")) == "Permission denied"
