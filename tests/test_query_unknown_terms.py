"""`hrgraph query` naming a term of hrgraph's vocabularies that the ontology does not define
(hrg:Persn, status:fulfiled) answers, then warns of it with the closest defined terms: such a
query answered 0 rows and said nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.pipeline import Checked
from graph.rdf.dumps import to_ntriples
from graph.sparql.unknown_terms import named_iris

HRG = "https://w3id.org/hrgraph/ontology#"


@pytest.fixture(scope="module")
def golden_nt(golden: Checked, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("terms") / "graph.nt"
    path.write_bytes(to_ntriples(golden.assembly.graph))
    return path


def query(golden_nt: Path, sparql: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["query", sparql, "--graph", str(golden_nt)])
    return result.exit_code, result.stdout, result.stderr


def test_each_undefined_term_is_named_after_the_answer_with_the_closest_defined_ones(golden_nt: Path) -> None:
    code, out, err = query(
        golden_nt, "SELECT ?x WHERE { ?x a hrg:Persn ; hrg:nationalty ?c ; hrg:status status:fulfiled }"
    )
    assert (code, out) == (0, "x\n-\n(0 rows)\n")  # the answer as before, and its exit code
    assert err.splitlines() == [
        f"hrgraph: warning: the ontology defines no {term}{hint}: the query matches nothing there"
        for term, hint in [
            ("hrg:Persn", " (did you mean hrg:Person?)"),
            ("hrg:nationalty", " (did you mean hrg:nationality?)"),
            ("status:fulfiled", " (did you mean status:fulfilled, status:not-fulfilled?)"),
        ]
    ]


def test_full_iris_and_the_querys_own_prefixes_are_read(golden_nt: Path) -> None:
    sparql = f"PREFIX h: <{HRG}> SELECT * WHERE {{ ?x a <{HRG}Persn> ; h:nam ?n }}"
    code, _, err = query(golden_nt, sparql)
    assert code == 0
    assert [line.split(" (")[0].split(": the query")[0] for line in err.splitlines()] == [
        "hrgraph: warning: the ontology defines no hrg:Persn",
        "hrgraph: warning: the ontology defines no hrg:nam",
    ]


def test_defined_terms_ids_strings_and_comments_raise_no_warning(golden_nt: Path) -> None:
    sparql = (
        'SELECT ?x WHERE { ?x a hrg:Person ; rdfs:label "hrg:Persn" ; hrg:nationality country:nowhere '
        "OPTIONAL { ?x hrg:role role:host } }  # hrg:Persn\n"
    )
    assert query(golden_nt, sparql) == (0, "x\n-\n(0 rows)\n", "")


def test_the_iris_a_query_names_are_read_as_a_parser_would() -> None:
    prefixes = {"hrg": HRG, "ex": "urn:ex:"}
    text = (
        "PREFIX e: <urn:e#>\nSELECT * WHERE { ?s hrg:a <urn:full#x> ; e:b 'hrg:no' ; ex:c.d ?o . "
        "?o hrg:a ?x . ?y ?p ex:e. }  # hrg:not-this"
    )
    assert named_iris(text, prefixes) == [HRG + "a", "urn:full#x", "urn:e#b", "urn:ex:c.d", "urn:ex:e"]
