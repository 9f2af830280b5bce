"""The date rules' reaches are read from a table kept beside the rules (graph/checks/rules/reach.json),
not parsed on every run: the table must say what the parser says."""

from __future__ import annotations

import json
from pathlib import Path

from graph.checks.focused import rule_queries
from graph.checks.reach import (
    REACH_TABLE,
    Reach,
    parsed_reach,
    reach_from_json,
    reach_key,
    reach_of_query,
    reach_to_json,
    write_reach_table,
)

STALE = "graph/checks/rules/reach.json is stale: run .venv/bin/python scripts/write_reach_table.py"


def test_the_table_holds_each_rules_reach_as_parsed() -> None:
    table = json.loads(REACH_TABLE.read_bytes())
    queries = [query for _, query in rule_queries()]
    assert sorted(table) == sorted(reach_key(query) for query in queries), STALE
    for query in queries:
        assert reach_from_json(table[reach_key(query)]) == parsed_reach(query), STALE
        assert reach_of_query(query) == parsed_reach(query)


def test_a_reach_read_back_from_json_is_the_same() -> None:
    for _, query in rule_queries():
        reach = parsed_reach(query)
        assert reach_from_json(json.loads(json.dumps(reach_to_json(reach)))) == reach
    opaque = Reach("focus", (), frozenset({"x:p", "x:q"}))
    assert reach_from_json(reach_to_json(opaque)) == opaque


def test_a_query_not_in_the_table_is_parsed() -> None:
    query = "PREFIX x: <x:>\nSELECT ?focus WHERE { ?focus x:p ?o OPTIONAL { ?o x:q ?r } }"
    reach = reach_of_query(query)
    assert reach == parsed_reach(query)
    assert reach.root == "focus"
    assert [p.predicates for p in reach.patterns] == [frozenset({"x:p"}), frozenset({"x:q"})]


def test_write_reach_table_keys_each_query_by_its_text(tmp_path: Path) -> None:
    queries = [query for _, query in rule_queries()][:2]
    table_path = tmp_path / "reach.json"
    write_reach_table(queries, table_path)
    table = json.loads(table_path.read_bytes())
    assert set(table) == {reach_key(query) for query in queries}
    assert reach_key(queries[0] + " ") != reach_key(queries[0])  # an edited query is a miss
