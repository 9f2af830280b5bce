"""Where each subject comes in the whole graph's order, kept between builds
(`OUT/.state/part-order`): a rebuild gives `subjects(p, o)` in the cold order without assembling
the files its subjects come from (graph.rdf.part_triples).

A record's triples all have as subject its node or a node under it (graph.rdf.parts), and the
assembler takes a record's triples together, its node's first; so a subject's place in the
whole graph is (its record's place in the dataset, its place among its record's subjects): the
record's node first, then the nodes under it in the order kept here (`Runs`). That is checked
of every order before it is kept or used (`record_runs`): a file whose part breaks it is not kept,
and its part is assembled when asked for.

The state: a line naming the format, a JSON line (the base, the SHA-256 of the graph.nt built
with it, and for each file its bytes' digest, where its order lies and its CRC-32), then each
file's order: a line per record in the file's order, its id and the nodes under it (what follows
'id/'), tab-separated. A rebuild copies the bytes of the files that did not change and writes the
changed files' anew. It is trusted only for the graph.nt it names, and a file's order only for
its digest, CRC and record ids; anything else is not known (the part is assembled: the cold
order at the cold cost), never an error."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib.term import Node

PART_ORDER_STATE = Path(".state") / "part-order"
"""Where the kept order lies, relative to the build's output folder."""

_FORMAT = b"hrgraph part order 1\n"

Runs = dict[str, tuple[str, ...]]
"""Record id → the nodes under its node (what follows 'id/'), in the order first given."""

Ranks = dict[str, int]
"""A file's subjects (IRIs) → their places among their record's subjects (its node: 0)."""


def record_runs(subjects: Iterable[Node], base: str) -> Runs | None:
    """The subjects under `base` (each once, in the order first given), as runs: None unless
    each record's subjects come together and its own node first (subjects not under the base,
    the vocabularies', are left out)."""
    runs: dict[str, list[str]] = {}
    under = ""  # the current record's node and '/'
    current: list[str] = []
    for subject in subjects:
        text = str(subject)
        if under and text.startswith(under):
            current.append(text[len(under) :])
            continue
        if not text.startswith(base):
            continue
        record_id = text[len(base) :]  # a record's node: its id holds one '/' (graph.rdf.parts.owner)
        if record_id.count("/") != 1 or record_id in runs:
            return None  # not a record's node (one under it, before it), or a record met again
        current = runs[record_id] = []
        under = text + "/"
    return {record_id: tuple(nodes) for record_id, nodes in runs.items()}


def ranks_of(runs: Runs, ids: Sequence[str], base: str) -> Ranks:
    """Each subject of the records `ids` → its place among its record's subjects."""
    ranks: Ranks = {}
    for record_id in ids:
        node = base + record_id
        ranks[node] = 0
        for at, under in enumerate(runs.get(record_id, ()), start=1):
            ranks[f"{node}/{under}"] = at
    return ranks


def encode_runs(runs: Runs, ids: Sequence[str]) -> bytes:
    """A file's order as kept: a line per record of `ids`."""
    return "".join("\t".join((record_id, *runs[record_id])) + "\n" for record_id in ids).encode("utf-8")


def decode_runs(data: bytes, ids: Sequence[str]) -> Runs | None:
    """encode_runs' runs, or None unless they are of exactly the records `ids`, in order."""
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if lines.pop() != "" or len(lines) != len(ids):
        return None
    runs: Runs = {}
    for line, record_id in zip(lines, ids, strict=True):
        fields = line.split("\t")
        if fields[0] != record_id:
            return None
        runs[record_id] = tuple(fields[1:])
    return runs


@dataclass(frozen=True)
class KeptFile:
    """Where a file's order lies in the kept state, and what it was made of."""

    digest: str  # the sha256 of the file's bytes
    start: int  # in the state's body
    length: int
    crc: int


class PartOrder:
    """The order of the files' parts, as far as known: kept by the last build for the files
    that did not change since (read when first asked for), given for the files assembled again
    (`made`: each one's subjects in order). What is not known is asked of the part
    (graph.rdf.part_triples)."""

    def __init__(
        self,
        base: str,
        made: Mapping[str, Sequence[Node]] | None = None,
        kept_in: tuple[Path, str] | None = None,
        reshown: Callable[[str], str] = str,
    ):
        self.base = base
        self._kept_in = kept_in  # the last build's folder and its graph.nt's SHA-256
        self._reshown = reshown  # the kept files' names as this command shows them
        self._made_subjects = dict(made or {})  # the files assembled for this build
        self._made: dict[str, Runs | None] = {}  # their runs, checked
        self._runs: dict[str, Runs | None] = {}  # file → its runs, decoded or made (None: not known)

    @classmethod
    def read(
        cls,
        out: Path,
        base: str,
        sha256: str,
        made: Mapping[str, Sequence[Node]] | None = None,
        reshown: Callable[[str], str] = str,
    ) -> PartOrder:
        """The order kept in the build folder `out`, trusted if written with the graph.nt whose
        SHA-256 is `sha256` and this base, with the files assembled again (`made`); its files
        renamed by `reshown` (graph.ingest.reshown: as this command shows them)."""
        return cls(base, made, (out, sha256), reshown)

    @cached_property
    def _kept(self) -> tuple[dict[str, KeptFile], memoryview]:
        """Each kept file's place in the body, and the body (nothing if not trusted)."""
        if self._kept_in is None:
            return {}, memoryview(b"")
        out, sha256 = self._kept_in
        kept: dict[str, KeptFile] = {}
        try:
            data = (out / PART_ORDER_STATE).read_bytes()
            end = data.find(b"\n", len(_FORMAT))
            if not data.startswith(_FORMAT) or end == -1:
                return {}, memoryview(b"")
            head = json.loads(data[len(_FORMAT) : end])
            if head["base"] != self.base or head["graph"] != sha256:
                return {}, memoryview(b"")
            body = memoryview(data)[end + 1 :]
            for shown, (digest, start, length, crc) in head["files"].items():
                if not (
                    isinstance(start, int)
                    and isinstance(length, int)
                    and 0 <= start <= start + length <= len(body)
                ):
                    raise ValueError("a file's order outside the state")
                kept[self._reshown(str(shown))] = KeptFile(str(digest), start, length, int(crc))
        except (OSError, ValueError, KeyError, TypeError):
            return {}, memoryview(b"")
        return kept, body

    def knows(self, shown: str, digest: str) -> bool:
        """Whether the order of the file (whose bytes' digest is `digest`) is known: kept for
        these bytes, or made for this build (its runs not yet checked: `runs` does)."""
        if shown in self._made_subjects:
            return self._made_runs(shown) is not None
        found = self._kept[0].get(shown)
        return found is not None and bool(digest) and found.digest == digest

    def runs(self, shown: str, digest: str, ids: Sequence[str]) -> Runs | None:
        """The file's runs (of its records `ids`), or None when not known or not trusted."""
        if shown not in self._runs:
            self._runs[shown] = self._runs_of(shown, digest, ids) if self.knows(shown, digest) else None
        return self._runs[shown]

    def _made_runs(self, shown: str) -> Runs | None:
        if shown not in self._made:
            self._made[shown] = record_runs(self._made_subjects[shown], self.base)
        return self._made[shown]

    def _runs_of(self, shown: str, digest: str, ids: Sequence[str]) -> Runs | None:
        if shown in self._made_subjects:
            runs = self._made_runs(shown)
            return runs if runs is not None and list(runs) == list(ids) else None
        files, body = self._kept
        kept = files[shown]
        data = bytes(body[kept.start : kept.start + kept.length])
        return decode_runs(data, ids) if zlib.crc32(data) == kept.crc else None

    def to_bytes(self, files: Mapping[str, tuple[str, Sequence[str]]], sha256: str) -> bytes:
        """The state for a build whose files (each: its digest and record ids, in the dataset's
        order) made the graph.nt whose SHA-256 is `sha256`: each file's order as known, the
        bytes kept copied, the others written anew (a file whose order is not known is left out:
        the next build assembles its part when asked for)."""
        pieces: list[bytes | memoryview] = []
        head: dict[str, list[object]] = {}
        at = 0
        kept_files, body = self._kept
        for shown, (digest, ids) in files.items():
            if not digest or not self.knows(shown, digest):
                continue
            kept = kept_files.get(shown) if shown not in self._made_subjects else None
            if kept is not None:  # the same bytes as the last build's
                piece: bytes | memoryview = body[kept.start : kept.start + kept.length]
                crc = kept.crc
            else:
                runs = self.runs(shown, digest, ids)
                if runs is None:
                    continue
                piece = encode_runs(runs, ids)
                crc = zlib.crc32(piece)
            head[shown] = [digest, at, len(piece), crc]
            pieces.append(piece)
            at += len(piece)
        return state_bytes(self.base, sha256, head, pieces)


def state_bytes(
    base: str, sha256: str, head: Mapping[str, list[object]], pieces: Iterable[bytes | memoryview]
) -> bytes:
    """The kept state: the format line, the head, the files' orders."""
    line = json.dumps({"base": base, "graph": sha256, "files": head}, ensure_ascii=False, sort_keys=True)
    return b"".join([_FORMAT, line.encode("utf-8"), b"\n", *pieces])


def whole_order_bytes(
    subjects: Iterable[Node],
    files: Mapping[str, tuple[str, Sequence[str]]],
    base: str,
    sha256: str,
) -> bytes | None:
    """The state of a cold build, from the whole graph's subjects in the order first given and
    its files (each: its digest and record ids, in the dataset's order); None when the subjects
    do not come in runs (then nothing is kept)."""
    runs = record_runs(subjects, base)
    if runs is None:
        return None
    head: dict[str, list[object]] = {}
    pieces: list[bytes] = []
    at = 0
    for shown, (digest, ids) in files.items():
        if not digest or any(record_id not in runs for record_id in ids):
            continue
        piece = encode_runs(runs, ids)
        head[shown] = [digest, at, len(piece), zlib.crc32(piece)]
        pieces.append(piece)
        at += len(piece)
    return state_bytes(base, sha256, head, pieces)
