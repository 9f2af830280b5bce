"""The shape checks and date rules of a change (graph.checks.focused) give the report a full check
of the new graph gives: the same problems, in the same order, with the same words; on random
edits of a synthetic tree's graph (records deleted, values dropped, dates moved, references
pointed elsewhere, types changed), chains of them, edits of its YAML that move lines, and
hand-made breaking edits of the golden data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import write
from graph.checks.date_rules import check_temporal, rules
from graph.checks.focused import check_change, check_report, focus_of
from graph.checks.locate import merged_problems
from graph.checks.reach import reach_of_query
from graph.checks.shapes import validate_with_sparql
from graph.core.errors import Problem
from graph.core.ontology import Ontology
from graph.ingest.load import load_sources
from graph.pipeline import Checked
from graph.rdf.assemble import Assembly, assemble
from graph.rdf.change import triple_change
from graph.rdf.dumps import to_ntriples
from graph.sparql.store import store_from_ntriples
from tests.shape_breaks import Breaks

HRG = "https://w3id.org/hrgraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DATES = (
    f'"1990"^^<{XSD}gYear>',
    f'"2005-06"^^<{XSD}gYearMonth>',
    f'"2010-03-15"^^<{XSD}date>',
    f'"2024-12-31"^^<{XSD}date>',
    '"sometime"',
)
DATE_PREDICATES = tuple(
    f"<{HRG}{name}>".encode()
    for name in ("startDate", "endDate", "attestedOn", "dueDate", "asOf", "foundingDate", "dissolutionDate")
)
UNHELD = b"<https://w3id.org/hrgraph/id/post/break-unheld>"
LABEL = b"<http://www.w3.org/2000/01/rdf-schema#label>"
EDITS = (
    "delete-record",
    "drop-triple",
    "redate",
    "redate-meeting",
    "relabel",
    "retype",
    "same-kind",
    "anywhere",
    "capacity",
)


def full_check(assembly: Assembly, ontology: Ontology, ntriples: bytes) -> list[Problem]:
    """The pipeline's checks on a fresh store of the graph: the reference."""
    store = store_from_ntriples(ntriples)
    return merged_problems(validate_with_sparql(assembly, ontology, store) + check_temporal(assembly, store))


def exactly(problems: list[Problem]) -> list[tuple[str, str]]:
    """Each problem as printed and its severity, in order."""
    return [(str(p), p.severity) for p in problems]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, ontology: Ontology) -> tuple[Assembly, bytes]:
    sources = tmp_path_factory.mktemp("focused") / "sources"
    write(sources, 200)
    assembly = assemble(load_sources(sources, ontology), ontology)
    return assembly, to_ntriples(assembly.triples)


def _subject(line: bytes) -> bytes:
    return line[: line.index(b" ")]


def _object(line: bytes) -> bytes:
    return line[line.index(b" ", line.index(b" ") + 1) + 1 : -3]


def _predicate(line: bytes) -> bytes:
    return line.split(b" ", 2)[1]


def edited(lines: list[bytes], edit: str, at: int, to: int) -> list[bytes]:
    """The graph's lines after one edit; `at` and `to` pick the line and the new value."""
    line = lines[at % len(lines)]
    if edit == "delete-record":  # a record gone, what names it left dangling
        return [other for other in lines if _subject(other) != _subject(line)]
    if edit == "drop-triple":  # a value missing
        return [other for other in lines if other != line]
    if edit == "capacity":  # attending as a post perhaps not held
        participations = sorted(
            {_subject(x) for x in lines if _predicate(x) == f"<{HRG}participant>".encode()}
        )
        posts = sorted({_object(x) for x in lines if _predicate(x) == f"<{HRG}post>".encode()})
        added = (
            participations[at % len(participations)] + f" <{HRG}capacity> ".encode() + posts[to % len(posts)]
        )
        return sorted({*lines, added + b" .\n"})
    if edit == "redate":
        dated = [x for x in lines if _predicate(x) in DATE_PREDICATES]
        line, value = dated[at % len(dated)], DATES[to % len(DATES)].encode()
    elif edit == "redate-meeting":  # what joins to a meeting's date: its commitments' status reports
        dated = [x for x in lines if _predicate(x) == f"<{HRG}startDate>".encode() and b"/meeting/" in x]
        line, value = dated[at % len(dated)], DATES[to % len(DATES)].encode()
    elif edit == "relabel":  # a name other nodes' messages quote
        named = [x for x in lines if _predicate(x) == LABEL and x.endswith(b'"@en .\n')]
        line, value = named[at % len(named)], f'"Renamed {to}"@en'.encode()
    elif edit == "retype":
        typed = [x for x in lines if _predicate(x) == TYPE]
        line = typed[at % len(typed)]
        classes = sorted({_object(x) for x in typed})
        value = classes[to % len(classes)]
    else:  # an IRI pointed at another of the same predicate's values, or at any subject
        linking = [x for x in lines if _object(x).startswith(b"<") and _predicate(x) != TYPE]
        line = linking[at % len(linking)]
        if edit == "same-kind":
            choices = sorted({_object(x) for x in linking if _predicate(x) == _predicate(line)})
        else:
            choices = sorted({_subject(x) for x in lines})
        value = choices[to % len(choices)]
    changed = line[: len(line) - len(_object(line)) - 3] + value + b" .\n"
    return sorted({*(x for x in lines if x != line), changed})


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(EDITS), st.integers(0, 10**6), st.integers(0, 10**6)),
        min_size=1,
        max_size=3,
    )
)
def test_random_edits_give_the_full_report(
    synthetic: tuple[Assembly, bytes], ontology: Ontology, edits: list[tuple[str, int, int]]
) -> None:
    """A chain of edits, each checked from the last step's report: equal to a full check each time."""
    assembly, ntriples = synthetic
    report = full_check(assembly, ontology, ntriples)
    for edit, at, to in edits:
        changed = b"".join(edited(ntriples.splitlines(keepends=True), edit, at, to))
        change = triple_change(ntriples, changed)
        report = check_change(assembly, ontology, store_from_ntriples(changed), change, (), report)
        assert exactly(report) == exactly(full_check(assembly, ontology, changed))
        ntriples = changed


def test_a_focus_is_a_small_part_of_the_graph(synthetic: tuple[Assembly, bytes], ontology: Ontology) -> None:
    """A changed date concerns its node and what joins to it, not the whole graph."""
    assembly, ntriples = synthetic
    changed = b"".join(edited(ntriples.splitlines(keepends=True), "redate", 7, 2))
    focus = focus_of(triple_change(ntriples, changed), ontology, store_from_ntriples(changed))
    assert focus is not None
    assert 0 < len(focus) < len(assembly.origins) / 10


def test_a_focus_over_the_limit_checks_the_whole_graph(
    synthetic: tuple[Assembly, bytes], ontology: Ontology
) -> None:
    assembly, ntriples = synthetic
    changed = b"".join(edited(ntriples.splitlines(keepends=True), "delete-record", 11, 0))
    change = triple_change(ntriples, changed)
    assert focus_of(change, ontology, store_from_ntriples(changed), limit=1) is None
    report = full_check(assembly, ontology, ntriples)
    found = check_change(assembly, ontology, store_from_ntriples(changed), change, (), report, limit=1)
    assert exactly(found) == exactly(full_check(assembly, ontology, changed))


def test_the_whole_graph_is_checked_on_the_store_given_for_it(
    synthetic: tuple[Assembly, bytes], ontology: Ontology
) -> None:
    """Past the limit the whole graph is checked on `whole()` (the pipeline's in-memory store,
    where the focus would be checked on the kept store's copy on disk); under it, never asked."""
    assembly, ntriples = synthetic
    changed = b"".join(edited(ntriples.splitlines(keepends=True), "delete-record", 11, 0))
    change = triple_change(ntriples, changed)
    report = full_check(assembly, ontology, ntriples)
    asked: list[ox.Store] = []

    def whole() -> ox.Store:
        asked.append(store_from_ntriples(changed))
        return asked[-1]

    empty = ox.Store()  # were the whole graph checked here, nothing would be found
    found = check_change(assembly, ontology, empty, change, (), report, limit=0, whole=whole)
    assert len(asked) == 1
    assert found and exactly(found) == exactly(full_check(assembly, ontology, changed))
    check_change(assembly, ontology, store_from_ntriples(changed), change, (), report, whole=whole)
    assert len(asked) == 1


def test_the_report_equals_the_pipelines_checks(
    golden: Checked, shape_breaks: Breaks, ontology: Ontology
) -> None:
    """check_report (the hierarchy in the queries, the store only read) finds what the pipeline's
    checks find, on the golden data and on a graph breaking every constraint."""
    for assembly in (golden.assembly, shape_breaks.assembly):
        ntriples = to_ntriples(assembly.graph)
        store = store_from_ntriples(ntriples)
        report = check_report(assembly, ontology, store)
        assert len(store) == ntriples.count(b"\n")  # nothing added to the store
        assert exactly(report) == exactly(full_check(assembly, ontology, ntriples))
        assert all(problem.nodes for problem in report)
    assert (
        len(
            check_report(
                shape_breaks.assembly, ontology, store_from_ntriples(to_ntriples(shape_breaks.assembly.graph))
            )
        )
        > 50
    )


def test_every_rule_reports_a_node_its_patterns_bind() -> None:
    """Each rule's reach is read from its query: the reported node is the subject of a pattern."""
    for rule in rules():
        reach = reach_of_query("PREFIX hrg: <x:> PREFIX rdfs: <y:>\n" + rule.source)
        assert any(p.subject == reach.root and p.scope == () for p in reach.patterns), rule.name


def _second_holder(lines: list[bytes], tenures: list[bytes]) -> list[bytes]:
    """A copy of a dated tenure held by a new person, its post single-holder."""
    dated = {_subject(x) for x in lines if _predicate(x) == f"<{HRG}endDate>".encode()}
    tenure = next(_subject(x) for x in tenures if _subject(x) in dated)
    holder = next(_object(x) for x in tenures if _subject(x) == tenure)
    other = b"<https://w3id.org/hrgraph/id/person/break-other>"
    person = [
        other + b" " + TYPE + f" <{HRG}Person> .\n".encode(),
        other + b' <http://www.w3.org/2000/01/rdf-schema#label> "Other Holder"@en .\n',
    ]
    copy = [
        b"<https://w3id.org/hrgraph/id/tenure/break-overlap>" + x[len(tenure) :].replace(holder, other)
        for x in lines
        if _subject(x) == tenure
    ]
    post = next(_object(x) for x in copy if _predicate(x) == f"<{HRG}post>".encode())
    return [*person, *copy, post + f' <{HRG}singleHolder> "true"^^<{XSD}boolean> .\n'.encode()]


def _golden_breaks(ntriples: bytes) -> dict[str, bytes]:
    """Hand-made breaking edits of the golden graph, by name."""
    lines = ntriples.splitlines(keepends=True)
    holder = f"<{HRG}holder>".encode()
    capacity = f"<{HRG}capacity>".encode()
    tenures = [x for x in lines if _predicate(x) == holder]
    people = sorted({_object(x) for x in tenures})
    posts = sorted({_object(x) for x in lines if _predicate(x) == f"<{HRG}post>".encode()})
    participations = sorted({_subject(x) for x in lines if _predicate(x) == f"<{HRG}participant>".encode()})
    names = [x for x in lines if _predicate(x) == b"<http://www.w3.org/2000/01/rdf-schema#label>"]
    breaks = {
        # a second holder of a post made single-holder, over the same dates
        "overlap": [*lines, *_second_holder(lines, tenures)],
        "not-held": [
            *lines,
            participations[0] + b" " + capacity + b" " + UNHELD + b" .\n",
            UNHELD + b" " + TYPE + f" <{HRG}Post> .\n".encode(),
            UNHELD + b' <http://www.w3.org/2000/01/rdf-schema#label> "Unheld Post"@en .\n',
        ],
        "wrong-class": [x.replace(_object(x), posts[0]) if x in tenures[:2] else x for x in lines],
        "missing-name": [x for x in lines if x not in names[:5]],
        "deleted-referenced": [x for x in lines if _subject(x) != people[0]],
    }
    return {name: b"".join(sorted(set(edit))) for name, edit in breaks.items()}


@pytest.mark.parametrize("name", ["overlap", "not-held", "wrong-class", "missing-name", "deleted-referenced"])
def test_breaking_edits_of_the_golden_data(golden: Checked, ontology: Ontology, name: str) -> None:
    assembly = golden.assembly
    ntriples = to_ntriples(assembly.graph)
    report = full_check(assembly, ontology, ntriples)
    changed = _golden_breaks(ntriples)[name]
    expected = full_check(assembly, ontology, changed)
    assert exactly(expected) != exactly(report)  # the edit breaks something
    found = check_change(
        assembly, ontology, store_from_ntriples(changed), triple_change(ntriples, changed), (), report
    )
    assert exactly(found) == exactly(expected)
    # and back: the fix checked from the broken report
    fixed = check_change(
        assembly, ontology, store_from_ntriples(ntriples), triple_change(changed, ntriples), (), found
    )
    assert exactly(fixed) == exactly(report)


def _nodes_of(assembly: Assembly, files: Iterable[str]) -> set[str]:
    wanted = set(files)
    return {str(node) for node, (record, _) in assembly.origins.items() if record.file in wanted}


def test_edits_of_the_yaml_move_problems_to_their_new_lines(tmp_path: Path, ontology: Ontology) -> None:
    """A meeting's date moved back to 1901 (its participants held no post then), then its file
    edited so its records move down: each report, made from the last, is a full check's, the
    second at the new lines (the changed file's nodes are given as `also`)."""
    sources = tmp_path / "sources"
    write(sources, 200)
    meetings = [p for p in sorted(sources.rglob("*.yaml")) if "meeting" in p.as_posix()]
    meeting = meetings[len(meetings) // 2]
    text = meeting.read_text(encoding="utf-8")
    assembly = assemble(load_sources(sources, ontology), ontology)
    ntriples = to_ntriples(assembly.triples)
    report = full_check(assembly, ontology, ntriples)
    reports = []
    for edited_text in (
        re.sub(r"^    date: \S+", "    date: 1901-01-01", text, count=1, flags=re.MULTILINE),
        "# moved\n# down\n"
        + re.sub(r"^    date: \S+", "    date: 1901-01-01", text, count=1, flags=re.MULTILINE),
    ):
        meeting.write_text(edited_text, encoding="utf-8")
        after = assemble(load_sources(sources, ontology), ontology)
        new = to_ntriples(after.triples)
        files = {
            record.file for record, _ in after.origins.values() if Path(record.file).name == meeting.name
        }
        also = _nodes_of(after, files) | _nodes_of(assembly, files)
        report = check_change(
            after, ontology, store_from_ntriples(new), triple_change(ntriples, new), also, report
        )
        assert exactly(report) == exactly(full_check(after, ontology, new))
        reports.append(report)
        assembly, ntriples = after, new
    assert reports[0] and [p.line for p in reports[0]] != [p.line for p in reports[1]]
