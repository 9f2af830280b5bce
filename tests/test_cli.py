"""The CLI through click's CliRunner: exact exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, Graph

from graph.cli import main
from graph.core.vocab import HRG
from graph.ingest.dataset import find_source_files
from graph.pipeline import Checked
from graph.rdf.dumps import to_ntriples
from graph.sparql.query import syntax_error_words

from .conftest import GOLDEN, REPO, CuratedBuild

ARGS = ["--sources", str(REPO / "sources"), "--ontology", str(REPO / "ontology")]
GOLDEN_ARGS = ["--sources", str(GOLDEN / "sources"), "--ontology", str(REPO / "ontology")]


@pytest.fixture
def built(curated_build: CuratedBuild) -> Path:
    """The folder of `hrgraph build` on the real sources (shared, read-only)."""
    return curated_build.folder


@pytest.fixture(scope="module")
def golden_nt(golden: Checked, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden graph as N-Triples: fixed data for queries with exact answers."""
    path = tmp_path_factory.mktemp("cli") / "graph.nt"
    path.write_bytes(to_ntriples(golden.assembly.graph))
    return path


def test_build_writes_the_four_outputs_the_site_and_a_summary(
    curated_build: CuratedBuild, seed_checked: Checked
) -> None:
    out = curated_build.folder
    outputs = ["graph.html", "graph.jsonld", "graph.nt", "graph.ttl", "site", "store"]
    # .cache: unchanged files; .state: what the next build starts from
    assert sorted(p.name for p in out.iterdir()) == [".cache", ".state", *outputs]
    lines = curated_build.stdout.splitlines()
    files = len(find_source_files(REPO / "sources"))
    assert lines[0].startswith("Built ") and f"records in {files} files" in lines[0]
    graph = Graph().parse(out / "graph.nt")
    for name in ("Meeting", "Person", "Commitment"):
        count = len(set(graph.subjects(RDF.type, getattr(HRG, name))))
        assert any(line.split() == [name, str(count)] for line in lines), name
    assert f"Warnings: {len(seed_checked.warnings)}" in lines


def test_query_count_agrees_with_the_ntriples_dump(built: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--format",
            "csv",
            "--graph",
            str(built / "graph.nt"),
        ],
    )
    assert result.exit_code == 0, result.output
    triples = len((built / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert result.stdout.splitlines() == ["n", str(triples)]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(golden_nt: Path, fmt: str) -> None:
    sparql = (
        "SELECT ?name WHERE { VALUES ?kind { hrg:Organization hrg:Post } ?x a ?kind ; rdfs:label ?name "
        'FILTER(lang(?name) = "en") } ORDER BY ?name'
    )
    result = CliRunner().invoke(main, ["query", sparql, "--format", fmt, "--graph", str(golden_nt)])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n")  # Oxigraph's JSON ends with '}': the line was left open
    names = [
        "Agency of Examples",
        "Head of the Agency of Examples",
        "Minister of Examples",
        "Ministry of Examples",
    ]
    if fmt == "json":
        data = json.loads(result.stdout)
        assert [b["name"]["value"] for b in data["results"]["bindings"]] == names
        assert data["results"]["bindings"][0]["name"]["xml:lang"] == "en"
    elif fmt == "table":
        assert result.stdout.splitlines()[2:] == [*names, "(4 rows)"]
    else:
        sep = "," if fmt == "csv" else "\t"
        body = result.stdout.splitlines()
        assert body[0] == ("name" if fmt == "csv" else "?name")
        assert len(body) == 5 and sep not in body[1]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_an_ask_answer_ends_its_line_in_every_format(golden_nt: Path, fmt: str) -> None:
    result = CliRunner().invoke(
        main, ["query", "ASK { ?s ?p ?o }", "--format", fmt, "--graph", str(golden_nt)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_a_results_format_for_a_graph_answer_is_a_usage_error(golden_nt: Path, fmt: str) -> None:
    """A CONSTRUCT's answer is a graph: csv, tsv and json are formats of results (it printed
    Turtle under --format csv, unsaid); the default table prints the graph as Turtle."""
    construct = "CONSTRUCT WHERE { ?s hrg:isoCode ?code }"
    refused = CliRunner().invoke(main, ["query", construct, "--format", fmt, "--graph", str(golden_nt)])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"hrgraph: --format {fmt} is for the results of SELECT and ASK: a CONSTRUCT or DESCRIBE "
        "query answers a graph, printed as Turtle (leave out --format)\n"
    )
    turtle = CliRunner().invoke(main, ["query", construct, "--graph", str(golden_nt)])
    assert turtle.exit_code == 0, turtle.output
    assert turtle.stdout.splitlines()[-1] == 'country:atlantis hrg:isoCode "AT" .'


def test_the_table_keeps_each_row_on_a_line_and_its_columns_as_a_terminal_shows_them(
    golden_nt: Path,
) -> None:
    """A line break or tab in a value is written as an escape; a Chinese character takes two
    columns and a Khmer sign written over a letter none, so the next column still lines up."""
    rows = '("a\\nb\\tc" 1) ("abcdef" 2) ("日本語" 3) ("ខ្មែ" 4) ("ខម" 5)'
    sparql = f"SELECT ?x ?n WHERE {{ VALUES (?x ?n) {{ {rows} }} }}"
    result = CliRunner().invoke(main, ["query", sparql, "--format", "table", "--graph", str(golden_nt)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "x        n",
        "-------  -",
        "a\\nb\\tc  1",
        "abcdef   2",
        "日本語   3",
        "ខ្មែ       4",  # two letters and two signs: the signs take no column
        "ខម       5",
        "(5 rows)",
    ]


def test_serve_on_a_port_another_program_holds_says_so_in_one_line(golden_nt: Path) -> None:
    """It printed a traceback (the server's clean-up ran before it was made)."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--graph", str(golden_nt), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"hrgraph: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(another program listens there: give another --port, or --port 0 for any free one)\n"
    )


def test_sources_given_as_one_file_says_to_give_the_folder(tmp_path: Path) -> None:
    one = tmp_path / "people.yaml"
    one.write_text("people: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["validate", "--sources", str(one), "--ontology", str(REPO / "ontology")]
    )
    assert result.exit_code == 2  # a usage error, as the README's exit codes say
    assert result.stderr.splitlines()[0] == (
        f"hrgraph: {one}: is a file, not the sources folder (pass the folder of every curated file, "
        "e.g. --sources sources: a file's ids name others in other files)"
    )


def test_query_from_a_file_and_construct_gives_turtle(golden_nt: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a hrg:Meeting ; rdfs:label ?l }")
    result = CliRunner().invoke(main, ["query", "-f", str(rq), "--graph", str(golden_nt)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == 'meeting:m1 rdfs:label "First meeting"@en .'


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "No such file or directory"),
        (b'ASK { ?s ?p "\xe9" }', "it is not UTF-8 text (invalid continuation byte); save it as UTF-8"),
    ],
    ids=["missing", "latin-1"],
)
def test_a_query_file_that_cannot_be_read_is_exit_3_as_any_file(
    golden_nt: Path, tmp_path: Path, content: bytes | None, why: str
) -> None:
    """As the README's exit codes say, and as `hrgraph suggest ARTICLE` does: it was click's
    usage error (exit 2), and a file not in UTF-8 a traceback."""
    rq = tmp_path / "q.rq"
    if content is not None:
        rq.write_bytes(content)
    result = CliRunner().invoke(main, ["query", "-f", str(rq), "--graph", str(golden_nt)])
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", f"hrgraph: cannot read {rq}: {why}\n")


def test_a_query_file_can_be_standard_input(golden_nt: Path) -> None:
    result = CliRunner().invoke(
        main, ["query", "-f", "-", "--graph", str(golden_nt)], input="ASK { ?s ?p ?o }"
    )
    assert (result.exit_code, result.stdout) == (0, "yes\n")


@pytest.mark.parametrize(
    ("sparql", "words"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT is a SPARQL update: hrgraph query is read-only"),
        ("PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }", "DELETE is a SPARQL update"),
        ("LOAD <http://127.0.0.1:1/x.ttl>", "LOAD is a SPARQL update"),
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
            "the query calls a remote SERVICE: that is off by default",
        ),
        ("SELECT * WHERE { ?s ?p }", "the query is not valid SPARQL"),
    ],
)
def test_updates_service_and_bad_queries_are_usage_errors(built: Path, sparql: str, words: str) -> None:
    result = CliRunner().invoke(main, ["query", sparql, "--graph", str(built / "graph.nt")])
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_an_undeclared_prefix_is_named_with_the_prefixes_hrgraph_knows(golden_nt: Path) -> None:
    """Not Oxigraph's list of every character range it could have read."""
    sparql = "SELECT ?n WHERE {\n  ?p a hrg:Person ;\n     foo:name ?n }"
    result = CliRunner().invoke(main, ["query", sparql, "--graph", str(golden_nt)])
    assert result.exit_code == 2
    said = result.stderr.strip()
    assert said.startswith(
        "hrgraph: the query is not valid SPARQL: at 3:14, the prefix foo: is not defined "
        "(write PREFIX foo: <...> before the query; hrgraph knows "
    )
    assert " hrg:, " in said and "\\u{" not in said and "\n" not in said


def test_a_syntax_error_lists_what_was_expected_without_character_ranges() -> None:
    said = syntax_error_words(
        "error at 1:34: expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}'], ['.']",
        "SELECT ?n WHERE { ?p a <urn:x> . ?p ",
        None,
    )
    assert (
        said == "the query is not valid SPARQL: error at 1:34: expected one of Prefix not found, ['%'], ['.']"
    )


def test_keywords_inside_strings_are_not_mistaken_for_updates(built: Path) -> None:
    sparql = 'SELECT ?x WHERE { BIND("INSERT SERVICE DELETE" AS ?x) } # SERVICE in a comment'
    result = CliRunner().invoke(
        main, ["query", sparql, "--format", "csv", "--graph", str(built / "graph.nt")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["x", "INSERT SERVICE DELETE"]


def test_query_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", "ASK {}", "--graph", str(tmp_path / "none.nt")])
    assert result.exit_code == 2
    assert "run 'hrgraph build' first" in result.stderr


def test_query_needs_text_or_a_file() -> None:
    result = CliRunner().invoke(main, ["query"])
    assert result.exit_code == 2
    assert "give the query as TEXT, with -f FILE or with --saved NAME (one of them)" in result.output


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["build", "--no-such-option"])
    assert result.exit_code == 2


def test_validate_reports_ok() -> None:
    result = CliRunner().invoke(main, ["validate", *ARGS])
    assert result.exit_code == 0, result.output
    files = len(find_source_files(REPO / "sources"))
    assert result.stdout.startswith("ok: ") and f"records in {files} files" in result.stdout


def test_validate_lists_every_error_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.yaml").write_text(
        "people:\n  - id: person/x\n    name: {en: X}\n    nme: typo\n    cites: [src/missing]\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--ontology", str(REPO / "ontology")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "sources/a.yaml:4: person/x: unknown key 'nme' (did you mean 'name'?)",
        # the record cannot be read, and what it cites is still checked: every error at once
        "sources/a.yaml:5: person/x: 'src/missing' is not defined "
        "(define it under 'sources:' in a sources file)",
        "hrgraph: 2 errors; nothing was written",
    ]


def test_export_formats(tmp_path: Path) -> None:
    for fmt in ("ttl", "nt", "jsonld"):
        target = tmp_path / f"g.{fmt}"
        result = CliRunner().invoke(main, ["export", *ARGS, "--format", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 1000
    result = CliRunner().invoke(main, ["export", *ARGS, "--format", "nt"])
    assert result.stdout.encode() == (tmp_path / "g.nt").read_bytes()


def test_base_iri_option_and_its_check() -> None:
    result = CliRunner().invoke(
        main, ["export", *GOLDEN_ARGS, "--format", "nt", "--base", "https://example.org/kb/"]
    )
    assert "<https://example.org/kb/person/ana>" in result.stdout
    result = CliRunner().invoke(main, ["export", *GOLDEN_ARGS, "--base", "not an iri"])
    assert result.exit_code == 2
    assert "the base IRI 'not an iri' must start with http(s)://" in result.stderr


def test_every_command_has_help_with_an_example() -> None:
    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout and f"hrgraph {name}" in result.stdout, name
        assert command.help


def test_python_dash_m_graph_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "graph", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("hrgraph, version ")


def test_the_console_script_exits_with_the_commands_codes_and_all_its_output(tmp_path: Path) -> None:
    """run() ends the process with os._exit (no freeing at exit): output and codes must survive."""
    hrgraph = [sys.executable, "-c", "from graph.cli import run; run()"]
    ok = subprocess.run(
        [*hrgraph, "build", *GOLDEN_ARGS, "--out", str(tmp_path)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    *_, wrote, where = ok.stdout.splitlines()
    assert ok.stdout.startswith("Built ") and wrote.endswith("graph.html, " + str(tmp_path / "site") + "/")
    assert where.startswith(f"Open {tmp_path / 'site' / 'index.html'} to read it")
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    rows = subprocess.run(
        [*hrgraph, "query", query, "--graph", str(tmp_path / "graph.nt"), "--format", "csv"],
        capture_output=True,
        text=True,
    )
    assert rows.returncode == 0 and len(rows.stdout.splitlines()) == 1 + len(
        (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    )
    missing = str(tmp_path / "none")
    bad = subprocess.run([*hrgraph, "validate", "--sources", missing], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr == (
        f"hrgraph: {missing}: the sources folder does not exist "
        "(run hrgraph from the project folder, or pass --sources DIR)\n"
    )
    usage = subprocess.run([*hrgraph, "no-such-command"], capture_output=True, text=True)
    assert usage.returncode == 2 and "No such command" in usage.stderr


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_output_cut_short_by_its_reader_ends_quietly_with_141(built: Path, fmt: str) -> None:
    """`hrgraph query ... | head -1`: the reader goes after one line; hrgraph says nothing more
    and exits as a tool ended by SIGPIPE does (it said 'cannot read or write None', code 3)."""
    hrgraph = [sys.executable, "-c", "from graph.cli import run; run()"]
    every = "SELECT * WHERE { ?s ?p ?o }"  # more than a pipe holds (8,000 rows)
    process = subprocess.Popen(
        [*hrgraph, "query", every, "--graph", str(built / "graph.nt"), "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip()
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""
    process.stderr.close()


ONTOLOGY = ["--ontology", str(REPO / "ontology")]


@pytest.mark.parametrize(
    ("command", "stopped", "said"),
    [
        (
            ["build", *ARGS],
            "graph.pipeline.build",
            "the build was stopped; its folder holds the last whole build",
        ),
        (["validate", *ARGS], "graph.pipeline.check", "the check was stopped"),
        (
            ["export", "--format", "nt", *ARGS],
            "graph.pipeline.check",
            "the export was stopped; no file was written",
        ),
        (
            ["site", "--out", "site", *ARGS],
            "graph.pipeline.check",
            "the site was stopped; its folder is as it was",
        ),
        (
            ["viz", "-o", "view.html", *ARGS],
            "graph.pipeline.check",
            "the view was stopped; no file was written",
        ),
        (["stats", *ARGS], "graph.ingest.load.load_sources", "the count was stopped; no file was changed"),
        (["gaps", *ARGS], "graph.ingest.load.load_sources", "the search for gaps was stopped"),
        (
            ["suggest", "-", "--source", "src/example-news", "-o", "new.yaml", *ARGS],
            "graph.curation.suggest.suggest",
            "the suggestions were stopped; no file was written",
        ),
        (
            ["schema", "-o", "schema.json", *ONTOLOGY],
            "graph.ingest.schema.schema_text",
            "the schema was stopped; no file was written",
        ),
        (["vocab", *ONTOLOGY], "graph.core.schemes.controlled_words", "the listing was stopped"),
        (
            ["diff", "old-build", "new-build", *ONTOLOGY],
            "graph.analyst.diff.load_side",
            "the comparison was stopped",
        ),
        (
            ["serve", "--port", "0"],
            "graph.sparql.store.read_prefixes",
            "the server was stopped before it started",
        ),
        (
            ["publish", "--endpoint", "http://127.0.0.1:9/store", "--graph-file", "graph.nt"],
            "graph.output.publish.publish",
            "the upload was stopped: publish again to be sure which graph the store holds",
        ),
    ],
)
def test_ctrl_c_ends_a_long_command_with_one_line_and_130(
    command: list[str], stopped: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(stopped, interrupted)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command, input="Menteri HAM bertemu di Jakarta.")
    assert result.exit_code == 130, result.output
    assert result.stderr == f"hrgraph: interrupted: {said}\n"
    assert result.stdout == ""
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def validate_with_edited_ontology(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, int, Result]:
    """`hrgraph validate` of the golden sources with a copy of the ontology whose file `name`
    has `old` (written once) replaced by `new`: that file, the edit's line and the result."""
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    for path in (REPO / "ontology").glob("*.ttl"):
        (ontology / path.name).write_bytes(path.read_bytes())
    edited = ontology / name
    text = edited.read_text(encoding="utf-8")
    assert text.count(old) == 1
    edited.write_text(text.replace(old, new), encoding="utf-8")
    args = ["validate", "--sources", str(GOLDEN / "sources"), "--ontology", str(ontology)]
    return edited, text[: text.index(old)].count("\n") + 1, CliRunner().invoke(main, args)


@pytest.mark.parametrize(
    ("old", "new", "message", "reads"),
    [
        (
            "rdfs:subClassOf hrg:Fact , org:Post ;",
            'rdfs:subClassOf hrg:Fact , org:Post ; "unclosed',
            "newline found in string literal",
            'rdfs:subClassOf hrg:Fact , org:Post ; "unclosed',
        ),
        (
            "hrg:Tenure a owl:Class ;",
            "hrg:Tenure a owl:Class ;; x",
            "expected '.' or '}' or ']' at end of statement",
            "hrg:Tenure a owl:Class ;;",
        ),
        ("hrg:Tenure a owl:Class ;", "hrg:Tenure a zz:Class ;", 'Prefix "zz:" not bound', "hrg:Tenure a"),
    ],
)
def test_bad_turtle_in_the_ontology_is_worded_at_its_line(
    tmp_path: Path, old: str, new: str, message: str, reads: str
) -> None:
    """The line of the fault, rdflib's reason and the line's text up to it as written (with
    Khmer labels above it), not the file's bytes as Python reprs."""
    terms, line, result = validate_with_edited_ontology(tmp_path, "hrgraph.ttl", old, new)
    assert "@km" in "".join(terms.read_text(encoding="utf-8").splitlines()[: line - 1])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{terms}:{line}: invalid Turtle: {message} (the line reads “{reads}” where the parser stopped)"
    )


def test_a_typo_in_a_vocabulary_terms_class_is_told_at_its_line_not_in_the_sources(tmp_path: Path) -> None:
    """topic:peace-process written 'a skos:Concpt': one problem, at its line of topics.ttl, and
    none in the golden sources that name it."""
    written = "topic:peace-process a skos:Concept"
    topics, line, result = validate_with_edited_ontology(
        tmp_path, "topics.ttl", written, "topic:peace-process a skos:Concpt"
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{topics}:{line}: topic:peace-process is in a scheme but its class is skos:Concpt, not "
        "skos:Concept (write it as 'a skos:Concept')",
        "hrgraph: 1 error; nothing was written",
    ]
