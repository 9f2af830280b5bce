"""The JSON Schema of the YAML format (`hrgraph schema`, docs/hrgraph.schema.json), checked with
a JSON Schema validator: it is a valid draft 2020-12 schema, the committed copy is what the
models generate now, it accepts every curated file and the valid fixture, and it rejects each
broken fixture the loader rejects for a key or type reason. The broken fixtures out of its reach
are listed with the reason, so a new broken fixture must be placed on one side or the other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from graph.cli import main
from graph.core.ontology import Ontology
from graph.ingest.schema import json_schema, schema_text
from graph.ingest.yaml_lines import read_yaml

from .conftest import BROKEN, ONTOLOGY, REPO, VALID, broken_cases

COMMITTED = REPO / "docs" / "hrgraph.schema.json"

# case -> the path of the value the schema refuses (JSON Pointer parts, as the validator gives it)
REJECTED: dict[str, list[str | int]] = {
    "count-as-string": ["observations", 0, "value"],
    "date-wrong-form": ["meetings", 0, "date"],
    "id-prefix-mismatch": ["meetings", 0, "id"],
    "id-with-spaces": ["people", 1, "id"],
    "language-tag-not-a-tag": ["people", 0, "name"],
    "list-instead-of-text": ["sources", 0, "title"],
    "missing-cites": ["people", 1],
    "negative-count": ["observations", 0, "value"],
    "record-in-wrong-section": ["meetings", 1, "id"],
    "unknown-key": ["meetings", 0],
    "unknown-section": [],
    "unknown-topic": ["meetings", 0, "topics"],
    "url-not-a-url": ["sources", 0, "url"],
    "wrong-kind-reference": ["meetings", 0, "participants", 1, "person"],
    "bare-word-for-id": ["meetings", 0, "participants", 0, "role"],
    "key-indented-wrong": ["meetings", 0],
    "wrong-kind-article": ["people", 1, "nationality"],
    "failed-record-no-cascade": ["people", 0],
}
# case -> why a schema of one file cannot see it (hrgraph validate does)
OUT_OF_REACH: dict[str, str] = {
    "end-before-start": "compares two dates of a record: a schema checks each value's form alone",
    "id-defined-twice": "the two records are in two files; a schema sees one file",
    "impossible-date": "2025-02-30 has a date's form; which days a month has is not a pattern",
    "undefined-reference": "the id is well formed; whether a record defines it is in other files",
    "undefined-source": "the source id is well formed; whether it is defined is in other files",
    "anchor-and-alias": "YAML, not data: an editor's parser expands the alias into a valid value",
    "repeated-key": "YAML, not data: the parser keeps one of the two keys before a schema looks",
    "tab-indentation": "not YAML: the editor's YAML parser reports it, before any schema",
    "yaml-syntax-error": "not YAML: the editor's YAML parser reports it, before any schema",
    "failed-file-no-cascade": "not YAML: the editor's YAML parser reports it, before any schema",
    "same-document-twice": "the two sources are in two files; a schema sees one file",
    "quote-cut-by-comment": "YAML, not data: the parser drops the comment before a schema looks",
}
# A file with only comments is null in YAML: the schema refuses it as the loader does.
EMPTY_FILE = "empty-file"


@pytest.fixture(scope="module")
def validator(ontology: Ontology) -> jsonschema.Draft202012Validator:
    schema = json_schema(ontology)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _data(path: Path) -> Any:
    """The file's data as hrgraph reads it (dates kept as the text written, as an editor does)."""
    document, problems = read_yaml(path, str(path))
    assert document is not None, problems
    return document.data


def _errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_the_committed_schema_is_what_the_models_generate(ontology: Ontology) -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(ontology), (
        "docs/hrgraph.schema.json differs from the models: run hrgraph schema -o docs/hrgraph.schema.json"
    )


def test_hrgraph_schema_writes_the_file(tmp_path: Path, ontology: Ontology) -> None:
    out = tmp_path / "schema.json"
    result = CliRunner().invoke(main, ["schema", "--ontology", str(ONTOLOGY), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == schema_text(ontology)
    printed = CliRunner().invoke(main, ["schema", "--ontology", str(ONTOLOGY)])
    assert printed.exit_code == 0 and printed.output == schema_text(ontology)


def test_the_schema_names_controlled_words_and_id_kinds(ontology: Ontology) -> None:
    defs = json_schema(ontology)["$defs"]
    topics = defs["Meeting"]["properties"]["topics"]["anyOf"][0]["items"]["enum"]
    assert "topic/migrant-workers" in topics and all(t.startswith("topic/") for t in topics)
    status = defs["StatusReport"]["properties"]["value"]["enum"]
    assert "status/open" in status and "status/fulfilled" in status
    person = defs["Participation"]["properties"]["person"]["pattern"]
    assert person == "^(person|org|country)/[a-z0-9][a-z0-9._-]*$"
    assert defs["Person"]["properties"]["id"]["pattern"].startswith("^person/")
    assert defs["Meeting"]["required"] == ["id", "cites", "name", "date", "participants"]
    assert defs["Meeting"]["additionalProperties"] is False


@pytest.mark.parametrize(
    "path",
    sorted([*(REPO / "sources").rglob("*.yaml"), *VALID.rglob("*.yaml")]),
    ids=lambda p: str(Path(p).relative_to(REPO)),
)
def test_the_schema_accepts_every_curated_file(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    assert _errors(validator, _data(path)) == []


def test_every_broken_fixture_is_placed() -> None:
    placed = set(REJECTED) | set(OUT_OF_REACH) | {EMPTY_FILE}
    assert not set(REJECTED) & set(OUT_OF_REACH)
    assert sorted(placed) == broken_cases()


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_the_schema_rejects_a_broken_key_or_type(
    case: str, validator: jsonschema.Draft202012Validator
) -> None:
    files = sorted((BROKEN / case / "sources").glob("*.yaml"))
    errors = [e for path in files for e in validator.iter_errors(_data(path))]
    assert errors, f"{case}: the schema accepted it"
    assert REJECTED[case] in [list(e.absolute_path) for e in errors]


def test_the_schema_rejects_an_empty_file(validator: jsonschema.Draft202012Validator) -> None:
    text = (BROKEN / EMPTY_FILE / "sources" / "empty.yaml").read_text(encoding="utf-8")
    assert list(validator.iter_errors(yaml.safe_load(text)))


@pytest.mark.parametrize(
    "case", sorted(c for c in OUT_OF_REACH if c not in {"anchor-and-alias", "repeated-key"})
)
def test_what_is_out_of_reach_really_passes_or_is_not_yaml(
    case: str, validator: jsonschema.Draft202012Validator
) -> None:
    """The reason given is the real one: the flaw is in valid-looking data, or not in YAML data."""
    for path in sorted((BROKEN / case / "sources").glob("*.yaml")):
        document, problems = read_yaml(path, str(path))
        if document is None:
            assert "YAML syntax error" in problems[0].message
        else:
            assert _errors(validator, document.data) == []
