"""graph.rdf.change: the change between two sorted N-Triples dumps."""

from __future__ import annotations

from graph.rdf.change import TripleChange, triple_change

OLD = (
    b'<http://x/a> <http://p/name> "A" .\n'
    b"<http://x/a> <http://p/knows> <http://x/b> .\n"
    b'<http://x/b> <http://p/name> "B <not an iri> ." .\n'
)
NEW = (
    b'<http://x/a> <http://p/name> "A2"@en .\n'
    b"<http://x/a> <http://p/knows> <http://x/b> .\n"
    b'<http://x/b> <http://p/name> "B <not an iri> ." .\n'
    b"_:c <http://p/knows> <http://x/d> .\n"
)


def test_the_lines_only_one_side_has() -> None:
    change = triple_change(OLD, NEW)
    assert change.removed == b'<http://x/a> <http://p/name> "A" .\n'
    assert change.added == b'<http://x/a> <http://p/name> "A2"@en .\n_:c <http://p/knows> <http://x/d> .\n'
    assert change


def test_subjects_and_nodes_of_the_changed_lines() -> None:
    change = triple_change(OLD, NEW)
    assert change.subjects == {"http://x/a", "_:c"}
    assert change.nodes == {"http://x/a", "_:c", "http://x/d"}


def test_a_literal_that_looks_like_an_iri_is_not_a_node() -> None:
    change = triple_change(b"", b'<http://x/b> <http://p/name> "B <http://x/z> ." .\n')
    assert change.nodes == {"http://x/b"}


def test_no_change_is_false() -> None:
    assert not triple_change(OLD, OLD)
    assert not TripleChange()
    assert TripleChange().nodes == frozenset()


def test_a_typed_literal_is_not_a_node() -> None:
    line = b'<http://x/b> <http://p/born> "1964"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n'
    assert triple_change(b"", line).nodes == {"http://x/b"}
