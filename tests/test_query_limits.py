"""`hrgraph query` stops a query at its time limit or on Ctrl-C, and streams its answer in
bounded memory (issue 13; issue 15, finding 7). The query is evaluated in a forked process
that is killed: these tests check the outcome the user sees and that no process is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.sparql.apart import QueryStopped, TimeLimit, evaluate_apart, fork_child, prepare_child
from graph.sparql.query import Prefixes, format_result, run_query, write_result

from .polling import wait_until

TRIPLES = "".join(f"<urn:s{i}> <urn:p> <urn:o{i % 7}> .\n" for i in range(300))
# 300^4 combinations, none kept: it runs for minutes and prints nothing (finding 8's case)
SILENT_RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "x")) }'
)
# 300^3 rows, each printed: gigabytes of CSV
PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HRGRAPH = [sys.executable, "-c", "from graph.cli import run; run()"]


@pytest.fixture
def small_graph(tmp_path: Path) -> Path:
    dump = tmp_path / "graph.nt"
    dump.write_text(TRIPLES, encoding="utf-8")
    return dump


def children_of(pid: int) -> list[int]:
    """The live child processes of a process (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_silent_query_past_its_time_limit_is_stopped_with_exit_1(small_graph: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", SILENT_RUNAWAY, "--graph", str(small_graph), "--timeout", "0.5"]
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "hrgraph: the query ran past the time limit of 0.5 s and was stopped\n",
    )
    assert children_of(os.getpid()) == []  # the evaluating process was killed and reaped


def test_a_streamed_answer_cut_by_the_time_limit_says_it_is_incomplete(small_graph: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", PRODUCT, "--graph", str(small_graph), "--timeout", "0.5", "--format", "csv"]
    )
    assert result.exit_code == 1
    assert result.stdout_bytes.startswith(b"a,b,c,d,e,f,g,h,i\r\nurn:s")  # rows came as they were made
    assert result.stderr == (
        "hrgraph: the query ran past the time limit of 0.5 s and was stopped; "
        "the output above is incomplete\n"
    )


def test_no_time_limit_with_0(small_graph: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--graph",
            str(small_graph),
            "--timeout",
            "0",
        ],
    )
    assert (result.exit_code, result.stdout) == (0, "n\n---\n300\n(1 row)\n")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?s LIMIT 5",
        "ASK { ?s <urn:p> <urn:o3> }",
        "CONSTRUCT WHERE { ?s <urn:p> <urn:o3> }",
    ],
)
def test_the_streamed_answer_is_byte_for_byte_the_formatted_one(sparql: str, fmt: str) -> None:
    store = ox.Store()
    store.bulk_load(TRIPLES.encode(), format=ox.RdfFormat.N_TRIPLES)
    prefixes = Prefixes({"ex": "urn:"})
    streamed = bytearray()

    def answer(stream: object) -> dict[str, str]:
        write_result(run_query(store, sparql, prefixes), fmt, prefixes, stream)  # type: ignore[arg-type]
        return {"done": "yes"}

    assert evaluate_apart(answer, streamed.extend) == {"done": "yes"}
    assert streamed.decode("utf-8") == format_result(run_query(store, sparql, prefixes), fmt, prefixes)


def test_errors_in_the_evaluating_process_come_back_worded() -> None:
    def fails(stream: object) -> dict[str, str]:
        raise ValueError("no such thing")

    with pytest.raises(QueryStopped, match=r"^the query failed: ValueError: no such thing \(.*\.py:\d+\)$"):
        evaluate_apart(fails, lambda chunk: None)

    def dies(stream: object) -> dict[str, str]:
        os.kill(os.getpid(), signal.SIGKILL)
        return {}

    with pytest.raises(QueryStopped, match=r"^the query's process was killed by signal 9 before answering"):
        evaluate_apart(dies, lambda chunk: None)


def test_the_time_limit_applies_to_a_process_that_prints_nothing() -> None:
    def sleeps(stream: object) -> dict[str, str]:
        signal.pause()
        return {}

    pids: list[int] = []
    with pytest.raises(TimeLimit):
        evaluate_apart(sleeps, lambda chunk: None, 0.2, on_child=pids.append)
    assert not alive(pids[0])


def _start(
    graph: Path, sparql: str, *options: str, stdout: int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*HRGRAPH, "query", sparql, "--graph", str(graph), *options],
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=graph.parent,
    )


def test_ctrl_c_stops_a_running_query_at_once_with_one_line_and_130(small_graph: Path) -> None:
    process = _start(small_graph, SILENT_RUNAWAY, "--timeout", "0")
    try:
        wait_until(lambda: children_of(process.pid) != [], "the query is being evaluated")
        evaluating = children_of(process.pid)[0]
        process.send_signal(signal.SIGINT)  # to hrgraph alone: it must stop its evaluation itself
        # within a second; the bound leaves a margin for a loaded machine
        wait_until(lambda: process.poll() is not None, "hrgraph exits after Ctrl-C", timeout=3)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130
    assert process.stderr is not None
    with process.stderr:
        assert process.stderr.read().decode() == "hrgraph: interrupted: the query was stopped\n"
    assert not alive(evaluating)


def _largest_process_after(graph: Path, passed: int) -> int:
    """Bytes of memory of the larger of hrgraph's two processes (itself and the evaluation),
    once `passed` bytes of a product query's JSON answer came out and Ctrl-C stopped it."""
    process = _start(graph, PRODUCT, "--format", "json", "--timeout", "0", stdout=subprocess.PIPE)
    assert process.stdout is not None
    read = 0
    try:
        while read < passed:
            chunk = os.read(process.stdout.fileno(), 1 << 20)
            assert chunk, "the answer ended early"
            read += len(chunk)
        process.send_signal(signal.SIGINT)
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        if alive(process.pid):
            process.kill()
            process.wait()
        process.stdout.close()
        assert process.stderr is not None
        process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 130
    return usage.ru_maxrss * 1024


def test_a_product_query_streams_in_bounded_memory(small_graph: Path) -> None:
    """Finding 7: a product query with --format csv aborted out of memory. Every format is now
    streamed the same way (write_result; JSON is the one Oxigraph writes fastest): 140 MB more
    of answer cost no more memory."""
    after_10_mb = _largest_process_after(small_graph, 10_000_000)
    after_150_mb = _largest_process_after(small_graph, 150_000_000)
    assert after_150_mb - after_10_mb < 20_000_000


def test_ctrl_c_during_a_fork_waits_for_the_child_to_say_what_it_does_with_it() -> None:
    """A Ctrl-C that reaches a child while Python's fork hooks run there is held back (no
    traceback printed) until prepare_child, which lets it end the child at once; the parent's
    own Ctrl-C is handled as before."""
    read_end, write_end = os.pipe()
    pid = fork_child()
    if pid == 0:  # pragma: no cover - the child's lines are checked by what it leaves
        os.close(read_end)
        os.kill(os.getpid(), signal.SIGINT)  # held back: the child goes on
        os.write(write_end, b"alive")
        prepare_child(os.getppid())  # the held Ctrl-C now ends it
        os.write(write_end, b" and past it")
        os._exit(0)
    os.close(write_end)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as said:
        assert said.read() == b"alive"
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT
