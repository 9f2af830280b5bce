"""The lists' rows kept in groups and buckets (graph.site.kept_rows.KeptLists): over builds with
rows gone, new and changed, a group's buckets are either carried (the last build's pages, whose
rows are the ones a cold build makes) or made from exactly the rows a cold build makes, in the
same order; a group the change does not reach is carried whole, read from nothing but its index."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from graph.core.fingerprint import frozen_digest
from graph.core.kept_shards import KeptShards, write_shards
from graph.rdf.reads import ChangedTerms, RecordingGraph
from graph.site.kept_rows import GroupRows, Item, KeptLists, LanguageLists, LastGroup

MAGIC = b"test lists 1\n"
VALUE = URIRef("https://example.org/value")
GROUP = "list"


def _node(number: int) -> URIRef:
    return URIRef(f"https://example.org/n{number}")


def _graph(values: dict[int, int]) -> Graph:
    graph = Graph()
    for number, value in values.items():
        graph.add((_node(number), VALUE, Literal(value)))
    return graph


def _items(graph: RecordingGraph, number: int) -> tuple[Item, ...]:
    """A row's items, read from the graph: none, one or two, each in the bucket of its value."""
    value = int(graph.value(_node(number), VALUE) or 0)  # type: ignore[arg-type]
    return tuple(((value + n) % 7, f"{number}:{value}:{n}".encode(), ()) for n in range(value % 3))


def _bucket(item: Item) -> str:
    return str(item[0] % 3)


def _build(
    values: dict[int, int],
    order: list[int],
    ordered: bool,
    last: dict[str, LastGroup] | None,
    change: ChangedTerms | None,
    folder: Path,
    last_record: KeptShards | None,
) -> tuple[GroupRows, dict[str, str], KeptShards]:
    """One build's group: its rows, each bucket's page digest (carried or made), its record."""
    recorder = RecordingGraph(_graph(values))
    lists = KeptLists(recorder, last, change, keep=lambda paths: True)
    keys = [f"row {number}" for number in order]
    rows = lists.rows(
        GROUP,
        keys,
        lambda at: _items(recorder, order[at]),
        _bucket,
        ordered=ordered,
        linked=not ordered,
        empty=(),
    )
    digests = {bucket: each.pages[0][1] for bucket, each in rows.carried.items()}
    for bucket, items in rows.rows.items():
        with lists.bucket(GROUP, bucket, len(items)) as page:
            digests[bucket] = frozen_digest(items if ordered else sorted(items))
            page(f"{bucket}.html", digests[bucket])
    folder.mkdir()
    write_shards(folder, MAGIC, None, lists.shards().groups, last_record)
    record = KeptShards.read(folder, MAGIC)
    assert record is not None
    return rows, digests, record


def _cold(values: dict[int, int], order: list[int], ordered: bool) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        return _build(values, order, ordered, None, None, Path(folder) / "cold", None)[1]


EDITS = st.tuples(
    st.sets(st.integers(0, 60), max_size=3),  # rows gone
    st.dictionaries(st.integers(0, 60), st.integers(0, 20), max_size=3),  # rows new or changed
    st.booleans(),  # asked in another order
)


@settings(max_examples=60, deadline=None)
@given(
    first=st.dictionaries(st.integers(0, 60), st.integers(0, 20), max_size=50),
    edits=st.lists(EDITS, min_size=1, max_size=4),
    ordered=st.booleans(),
)
def test_rows_kept_in_groups_are_the_rows_a_cold_build_makes(
    first: dict[int, int], edits: list[tuple[set[int], dict[int, int], bool]], ordered: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        values, order = first, sorted(first)
        rows, digests, record = _build(values, order, ordered, None, None, Path(folder) / "0", None)
        assert digests == _cold(values, order, ordered)
        for number, (gone, changed_values, reordered) in enumerate(edits, start=1):
            before = values
            values = {n: v for n, v in {**before, **changed_values}.items() if n not in gone}
            order = [n for n in order if n in values] + sorted(set(values) - set(order))
            order = order[::-1] if reordered else order
            changed = {str(_node(n)) for n in {*values, *before} if values.get(n) != before.get(n)}
            last = LanguageLists({GROUP: record.groups[GROUP]}).last_groups(record)
            change = ChangedTerms(subjects=frozenset(changed))
            rows, digests, record = _build(
                values, order, ordered, last, change, Path(folder) / str(number), record
            )
            assert digests == _cold(values, order, ordered)  # carried or made, a cold build's pages
            if not changed and (not reordered or not ordered):
                assert not rows.rows  # nothing reached, gone, new nor moved: carried whole
