"""A build or a check made from the last build's state (OUT/.state/) equals a cold one; state
that cannot be trusted (damaged, edited graph.nt, missing) means the cold path, silently."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write
from graph.core.errors import DataInvalid
from graph.ingest.cache import SourceCache
from graph.output.state_files import manifest_path
from graph.pipeline import Checked, build, check
from graph.rdf.change import triple_change
from graph.site import entities

from .conftest import REPO

ONTOLOGY = REPO / "ontology"
DUMPS = ("graph.nt", "graph.ttl", "graph.jsonld")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("incremental") / "sources"
    write(folder, 200, seed=5, ontology_dir=ONTOLOGY)
    return folder


def _copy(tree: Path, into: Path) -> Path:
    sources = into / "sources"
    shutil.copytree(tree, sources)
    return sources


def _meeting_files(sources: Path) -> list[Path]:
    return sorted(sources.glob("meetings/**/*.yaml"))


def _rename_meeting(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = text.replace('name: {en: "', f'name: {{en: "{mark} ', 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    """Every output file under `folder` by its path, but the build's own state and caches."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.relative_to(folder).parts[0].startswith(".")
        and path.relative_to(folder).parts[0] != "store"
    }


def assert_same_outputs(made: Path, cold: Path) -> None:
    """The dumps, the network page (and its parts) and every page of the site are the same."""
    for name in DUMPS:
        assert (made / name).read_bytes() == (cold / name).read_bytes(), name
    made_files, cold_files = _files(made), _files(cold)
    assert sorted(made_files) == sorted(cold_files)
    differ = [name for name in cold_files if made_files[name] != cold_files[name]]
    assert not differ, f"{len(differ)} files differ from a cold build's, first {differ[:5]}"


def _checked(sources: Path, out: Path | None) -> Checked:
    cache = SourceCache(out / ".cache" / "sources", read_only=True) if out else None
    return check(sources, ONTOLOGY, cache=cache, last=out)


def test_a_check_after_one_edit_starts_from_the_last_build_and_equals_a_cold_one(
    tree: Path, tmp_path: Path
) -> None:
    sources, out = _copy(tree, tmp_path), tmp_path / "build"
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    before = (out / "graph.nt").read_bytes()
    _rename_meeting(_meeting_files(sources)[3], "Renamed")
    made = _checked(sources, out)
    cold = _checked(sources, None)
    assert made.change is not None and cold.change is None
    assert made.ntriples == cold.ntriples != before
    assert made.change == triple_change(before, cold.ntriples)
    assert made.warnings == cold.warnings
    assert (out / "graph.nt").read_bytes() == before  # check never writes


@pytest.mark.parametrize("damage", ["manifest", "graph.nt", "no manifest", "other base"])
def test_state_that_cannot_be_trusted_means_the_cold_path(tree: Path, tmp_path: Path, damage: str) -> None:
    sources, out = _copy(tree, tmp_path), tmp_path / "build"
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    _rename_meeting(_meeting_files(sources)[0], "Again")
    manifest = manifest_path(out)
    if damage == "manifest":
        manifest.write_bytes(manifest.read_bytes()[:-9])
    elif damage == "graph.nt":  # a line edited by hand: same size, other bytes
        nt = (out / "graph.nt").read_bytes()
        (out / "graph.nt").write_bytes(nt.replace(b"Cambodia", b"Kambodia", 1))
    elif damage == "no manifest":
        manifest.unlink()
    base = "https://example.org/other/" if damage == "other base" else None
    cache = SourceCache(out / ".cache" / "sources", read_only=True)
    made = check(sources, ONTOLOGY, base=base or "https://w3id.org/hrgraph/id/", cache=cache, last=out)
    assert made.change is None
    if base is None:
        assert made.ntriples == _checked(sources, None).ntriples


def _edit(sources: Path, kind: str, pick: int, step: int) -> None:
    meetings = _meeting_files(sources)
    path = meetings[pick % len(meetings)] if meetings else None
    if kind == "rename" and path is not None:
        _rename_meeting(path, f"Step{step}")
    elif kind == "delete file" and path is not None:
        path.unlink()
    elif kind == "copy file" and path is not None:  # a new file, its ids made new
        text = path.read_text(encoding="utf-8")
        copy = path.with_name(f"copy-{step}-{path.name}")
        copy.write_text(re.sub(r"(\bid: [a-z-]+/)", rf"\1c{step}-", text), encoding="utf-8")
    elif kind == "source language":
        files = sorted(sources.glob("documents/**/*.yaml"))
        target = files[pick % len(files)]
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("language: en", "language: fr", 1), encoding="utf-8")
    elif kind == "break" and path is not None:
        path.write_text(path.read_text(encoding="utf-8") + "\n  - oops: [\n", encoding="utf-8")
    elif kind in MOVE_KINDS:
        _edit_moving_records(sources, kind, pick)
    elif kind in SITE_KINDS:
        _edit_reaching_other_pages(sources, kind, pick, step)
    elif kind in LIST_KINDS:
        _edit_moving_list_rows(sources, kind, pick, step)
    elif kind in ORDER_KINDS:
        _edit_changing_who_points_here(sources, kind, pick)
    elif kind in VIEW_KINDS:
        _edit_changing_the_views_edges(sources, pick)
    elif kind in TABLE_KINDS:
        _edit_changing_long_tables_rows(sources, kind, pick)


def _edit_reaching_other_pages(sources: Path, kind: str, pick: int, step: int) -> None:
    """Edits that change pages through other pages: a person's name (their meetings' pages
    name them), a source's title (every page citing it), a participant added to a meeting."""
    if kind == "rename person":
        files = sorted(sources.glob("people/**/*.yaml"))
        _replace_once(files[pick % len(files)], 'name: {en: "', f'name: {{en: "P{step} ')
    elif kind == "source title":
        files = sorted(sources.glob("documents/**/*.yaml"))
        _replace_once(files[pick % len(files)], 'title: "', f'title: "T{step} ')
    elif kind == "add participant":
        meetings = [path for path in _meeting_files(sources) if "participants:" in path.read_text("utf-8")]
        if len(meetings) < 2:
            return
        giver = meetings[pick % len(meetings)].read_text(encoding="utf-8")
        lines = giver[giver.index("participants:\n") :].splitlines(keepends=True)[1:4]
        _replace_once(
            meetings[(pick + 1) % len(meetings)], "participants:\n", "participants:\n" + "".join(lines)
        )


def _edit_moving_list_rows(sources: Path, kind: str, pick: int, step: int) -> None:
    """Edits that move rows between the site's list pages: a new person whose name sorts first
    (every later row of the people's list moves down one), a meeting moved to the start of
    its year (its timeline rows move up)."""
    if kind == "person sorted first":
        files = sorted(sources.glob("people/**/*.yaml"))
        path = files[pick % len(files)]
        text = path.read_text(encoding="utf-8")
        start = text.index("  - id: person/")
        entry = text[start : text.index("\n\n", start) + 2]
        entry = entry.replace("id: person/", f"id: person/aaa-{step}-", 1)
        new = re.sub(r'name: \{en: "[^"]*"', f'name: {{en: "Aaa {step} First"', entry, count=1)
        path.write_text(text[:start] + new + text[start:], encoding="utf-8")
    elif kind == "meeting date":
        meetings = _meeting_files(sources)
        if meetings:
            path = meetings[pick % len(meetings)]
            text = path.read_text(encoding="utf-8")
            path.write_text(
                re.sub(r"(\n    date: \d{4})-\d\d-\d\d", r"\1-01-02", text, count=1), encoding="utf-8"
            )


def _edit_changing_who_points_here(sources: Path, kind: str, pick: int) -> None:
    """Edits that change the answers of subjects(p, o), which a rebuild takes from the kept
    store and orders as a cold build does: a meeting moved to another meeting's place (both
    places' pages), a file's last person put first (the order of its records)."""
    if kind == "meeting moved":
        meetings = [path for path in _meeting_files(sources) if "\n    place: " in path.read_text("utf-8")]
        if len(meetings) < 2:
            return
        other = re.search(r"\n    place: (\S+)", meetings[(pick + 1) % len(meetings)].read_text("utf-8"))
        path = meetings[pick % len(meetings)]
        assert other is not None
        path.write_text(
            re.sub(r"\n    place: \S+", f"\n    place: {other[1]}", path.read_text("utf-8"), count=1),
            encoding="utf-8",
        )
    elif kind == "people reordered":
        files = sorted(sources.glob("people/**/*.yaml"))
        path = files[pick % len(files)]
        head, *entries = path.read_text(encoding="utf-8").split("\n  - id: ")
        if len(entries) > 1:
            entries = [entry.rstrip("\n") + "\n" for entry in entries]
            entries = [entries[-1], *entries[:-1]]
            path.write_text(head + "".join(f"\n  - id: {entry}" for entry in entries), encoding="utf-8")


def _edit_moving_records(sources: Path, kind: str, pick: int) -> None:
    """Edits that change the graph's order of records (the lists' and tables' order among
    equals, which a rebuild takes from the files' kept orders, graph.rdf.part_order) with few
    triples changed: a commitment moved to another file, a file's commitments reordered, two
    files' names swapped (the dataset's order of files)."""
    meetings = _meeting_files(sources)
    with_commitments = [path for path in meetings if "\n  - id: commitment/" in path.read_text("utf-8")]
    if kind == "files swapped" and len(meetings) > 1:
        one, other = meetings[pick % len(meetings)], meetings[(pick + 1 + pick // 7) % len(meetings)]
        one_text, other_text = one.read_text("utf-8"), other.read_text("utf-8")
        one.write_text(other_text, encoding="utf-8")
        other.write_text(one_text, encoding="utf-8")
    elif kind == "commitment moved" and with_commitments and len(meetings) > 1:
        giver = with_commitments[pick % len(with_commitments)]
        text = giver.read_text("utf-8")
        start = text.index("\n  - id: commitment/") + 1
        end = text.find("\n\n", start)
        entry = text[start : end if end != -1 else len(text)].rstrip("\n") + "\n"
        rest = text[: start - 1] + (text[end:] if end != -1 else "\n")
        if rest.rstrip().endswith("commitments:"):  # its only commitment, last: the section goes
            rest = rest.rstrip()[: -len("commitments:")].rstrip("\n") + "\n"
        else:  # the section's heading kept over its next entry, or gone with its only one
            rest = rest.replace("commitments:\n\n  - id:", "commitments:\n  - id:", 1)
            rest = re.sub(r"\ncommitments:\n\n(?=\S)", "\n", rest, count=1)
        giver.write_text(rest, encoding="utf-8")
        taker = meetings[(meetings.index(giver) + 1 + pick) % len(meetings)]
        taken = taker.read_text("utf-8")
        if "\ncommitments:\n" in taken:
            taken = taken.replace("\ncommitments:\n", "\ncommitments:\n" + entry + "\n", 1)
        else:
            taken = taken.rstrip("\n") + "\n\ncommitments:\n" + entry
        taker.write_text(taken, encoding="utf-8")
    elif kind == "commitments reordered":
        for path in with_commitments[pick % max(len(with_commitments), 1) :] + with_commitments:
            text = path.read_text("utf-8")
            start = text.index("\n  - id: commitment/") + 1
            end = text.find("\n\n", text.rindex("\n  - id: commitment/"))
            end = end if end != -1 else len(text)
            entries = [entry.strip("\n") + "\n" for entry in text[start:end].split("\n\n")]
            if len(entries) > 1:
                moved = "\n".join([entries[-1], *entries[:-1]])
                path.write_text(text[:start] + moved.rstrip("\n") + text[end:], encoding="utf-8")
                return


def _edit_changing_the_views_edges(sources: Path, pick: int) -> None:
    """An edit the network view makes again from the last one without a change to which nodes
    exist: a meeting's last participant replaced by another person (its edges' ends move)."""
    meetings = [path for path in _meeting_files(sources) if "participants:" in path.read_text("utf-8")]
    people = sorted(sources.glob("people/**/*.yaml"))
    if not meetings or not people:
        return
    path = meetings[pick % len(meetings)]
    text = path.read_text(encoding="utf-8")
    present = re.findall(r"- person: (person/[\w-]+)", text)
    others = re.findall(r"id: (person/[\w-]+)", people[pick % len(people)].read_text("utf-8"))
    others = [person for person in others if person not in present]
    if not present or not others:
        return
    last = text.rindex(f"- person: {present[-1]}")  # its post (as:) left out: the newcomer's is not
    tail = re.sub(r"- person: \S+\n(\s+as: \S+\n)?", f"- person: {others[0]}\n", text[last:], count=1)
    path.write_text(text[:last] + tail, encoding="utf-8")


def _edit_changing_long_tables_rows(sources: Path, kind: str, pick: int) -> None:
    """Edits that change a row of a country's or topic's long tables (kept between builds,
    graph.site.kept_tables): a meeting's topic changed (a row leaves one topic's table for
    another's), a commitment's status changed (its row on its meeting's, topic's and
    country's pages), a person's nationality changed (a row of one country's people to
    another's)."""
    meetings = _meeting_files(sources)
    if kind == "meeting topic":
        pattern = r"\n    topics: \[([^]]*)\]"
        topics = sorted(
            {found for path in meetings for found in re.findall(pattern, path.read_text("utf-8"))}
        )
        tagged = [path for path in meetings if re.search(pattern, path.read_text("utf-8"))]
        if len(topics) > 1 and tagged:
            path = tagged[pick % len(tagged)]
            text = path.read_text("utf-8")
            found = re.search(pattern, text)
            assert found is not None
            other = topics[(topics.index(found[1]) + 1) % len(topics)]
            path.write_text(re.sub(pattern, f"\n    topics: [{other}]", text, count=1), "utf-8")
    elif kind == "commitment status":
        with_status = [path for path in meetings if "\n      value: status/open" in path.read_text("utf-8")]
        if with_status:
            _replace_once(
                with_status[pick % len(with_status)],
                "\n      value: status/open",
                "\n      value: status/withdrawn",
            )
    elif kind == "nationality":
        files = sorted(sources.glob("people/**/*.yaml"))
        countries = sorted(
            {found for path in files for found in re.findall(r"nationality: (\S+)", path.read_text("utf-8"))}
        )
        path = files[pick % len(files)]
        found = re.search(r"nationality: (\S+)", path.read_text("utf-8"))
        if found is not None and len(countries) > 1:
            other = countries[(countries.index(found[1]) + 1) % len(countries)]
            _replace_once(path, f"nationality: {found[1]}", f"nationality: {other}")


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old in text:
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


SITE_KINDS = ("rename person", "source title", "add participant")
LIST_KINDS = ("person sorted first", "meeting date")
ORDER_KINDS = ("meeting moved", "people reordered")
MOVE_KINDS = ("commitment moved", "commitments reordered", "files swapped")
VIEW_KINDS = ("participant replaced",)
TABLE_KINDS = ("meeting topic", "commitment status", "nationality")
KINDS = (
    "rename",
    "delete file",
    "copy file",
    "source language",
    "break",
    *SITE_KINDS,
    *LIST_KINDS,
    *ORDER_KINDS,
    *MOVE_KINDS,
    *VIEW_KINDS,
    *TABLE_KINDS,
)


@pytest.mark.slow
@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking whole builds takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 1000)), min_size=1, max_size=3))
@example(edits=[("rename person", 3), ("source title", 7), ("add participant", 11)])
@example(edits=[("person sorted first", 2), ("meeting date", 5), ("rename", 1)])
@example(edits=[("people reordered", 4), ("meeting moved", 6)])
@example(edits=[("commitment moved", 1), ("commitments reordered", 2), ("files swapped", 4)])
@example(edits=[("participant replaced", 3), ("rename person", 5)])
@example(edits=[("meeting topic", 2), ("commitment status", 4), ("nationality", 6), ("meeting date", 8)])
@example(edits=[("copy file", 1), ("delete file", 1), ("meeting moved", 3), ("rename", 2)])
def test_builds_after_random_edits_equal_cold_builds(
    tree: Path,
    tmp_path_factory: pytest.TempPathFactory,
    edits: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each edit is followed by a build from the last one and a cold build: equal outputs and
    warnings; an edit that makes the data invalid fails both, and is then undone (the fix).
    Every table of two rows or more keeps its rows (the test's data is small)."""
    monkeypatch.setattr(entities, "KEPT_ROWS_FROM", 2)
    work = tmp_path_factory.mktemp("edits")
    sources, out = _copy(tree, work), work / "build"
    build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
    for step, (kind, pick) in enumerate(edits):
        before = work / f"before-{step}"
        shutil.copytree(sources, before)
        _edit(sources, kind, pick, step)
        cold_out = work / f"cold-{step}"
        try:
            built = build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
        except DataInvalid as failed:
            with pytest.raises(DataInvalid) as cold_failed:
                build(sources, ONTOLOGY, cold_out)
            assert cold_failed.value.problems == failed.problems
            shutil.rmtree(sources)
            shutil.copytree(before, sources)  # the fix: the edit undone
            built = build(sources, ONTOLOGY, out, cache=SourceCache(out / ".cache" / "sources"))
        cold = build(sources, ONTOLOGY, cold_out)
        assert built.warnings == cold.warnings
        assert_same_outputs(out, cold_out)
