"""The hrgraph command line: wiring only. Exit codes: 0 ok, 1 invalid data, 2 usage error."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .assertions import coverage
from .errors import DataInvalid, HrgraphError, Problem, QueryError, UsageError
from .export import FORMATS, write_atomically
from .load import display_path, find_source_files, load_sources
from .ontology import default_ontology_dir, load_ontology
from .pipeline import GRAPH_NAME, build, check
from .query import RESULT_FORMATS, Prefixes, format_result, run_query
from .store import open_store
from .vocab import DEFAULT_DATA_BASE

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def data_options(func: F) -> F:
    """--sources, --ontology and --base, shared by the commands that read sources/."""
    func = click.option(
        "--base",
        default=DEFAULT_DATA_BASE,
        envvar="HRGRAPH_BASE",
        show_default=True,
        help="Base IRI of the data; an id is appended to it.",
    )(func)
    func = click.option(
        "--ontology",
        "ontology_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Ontology folder  [default: ./ontology]",
    )(func)
    func = click.option(
        "--sources",
        type=click.Path(path_type=Path),
        default=Path("sources"),
        show_default=True,
        help="Folder of curated YAML files.",
    )(func)
    return func


def reports_errors(func: F) -> F:
    """Turn hrgraph's own errors into messages and exit codes, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataInvalid as exc:
            _print_problems(exc.problems)
            errors = len(exc.errors)
            warnings = len(exc.problems) - errors
            click.echo(
                f"hrgraph: {errors} error{'s' * (errors != 1)}"
                + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")
                + "; nothing was written",
                err=True,
            )
            sys.exit(1)
        except (UsageError, QueryError) as exc:
            click.echo(f"hrgraph: {exc}", err=True)
            sys.exit(2)
        except HrgraphError as exc:  # pragma: no cover - every subclass is handled above
            click.echo(f"hrgraph: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="hrgraph")
def main() -> None:
    """hrgraph: cited facts about human-rights cooperation in South-East Asia, checked against
    an RDF ontology and assembled into a graph you can query and open as HTML.

    \b
    Start with:
        hrgraph validate          check sources/ against ontology/
        hrgraph build             write build/graph.{ttl,nt,jsonld,html}
        hrgraph query 'SELECT ?name WHERE { ?p a hrg:Person ; rdfs:label ?name }'
    """


@main.command(context_settings=CONTEXT)
@data_options
@reports_errors
def validate(sources: Path, ontology_dir: Path | None, base: str) -> None:
    """Check every curated file; list each problem as file:line: message (hint).

    \b
    Example:
        hrgraph validate
        hrgraph validate --sources tests/fixtures/valid/sources
    """
    checked = check(sources, ontology_dir or default_ontology_dir(), base)
    _print_problems(checked.warnings)
    files = len(checked.dataset.files)
    click.echo(
        f"ok: {len(checked.dataset.records)} records in {files} file{'s' * (files != 1)}, "
        f"{len(checked.assembly.graph)} triples"
        + (f", {len(checked.warnings)} warnings" if checked.warnings else "")
    )


@main.command("build", context_settings=CONTEXT)
@data_options
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder the outputs are written to.",
)
@click.option("--title", default="hrgraph", show_default=True, help="Title of the HTML page.")
@reports_errors
def build_command(sources: Path, ontology_dir: Path | None, base: str, out: Path, title: str) -> None:
    """Validate, assemble and write graph.ttl, graph.nt, graph.jsonld and graph.html.

    Outputs are replaced only when the whole build succeeds: a failed build leaves the last
    good one untouched.

    \b
    Example:
        hrgraph build
        hrgraph build --out /tmp/hrgraph --base https://example.org/id/
    """
    built = build(sources, ontology_dir or default_ontology_dir(), out, base, title)
    _print_problems(built.warnings)
    graph = built.assembly.graph
    files = len(built.dataset.files)
    click.echo(
        f"Built {len(graph)} triples from {len(built.dataset.records)} records in "
        f"{files} file{'s' * (files != 1)} of {display_path(sources)}/"
    )
    counts = built.counts()
    width = max(len(name) for name in counts) if counts else 0
    for name, count in counts.items():
        click.echo(f"  {name.ljust(width)}  {count:>5}")
    click.echo(f"Warnings: {len(built.warnings)}")
    click.echo("Wrote " + ", ".join(display_path(p) for p in built.outputs))


@main.command(context_settings=CONTEXT)
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from a .rq file ('-' for standard input).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="table for people; csv, tsv, json are the W3C formats.",
)
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path),
    default=None,
    help="The dump to query  [default: build/graph.nt]",
)
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("sources"),
    show_default=True,
    help="Used only to warn when the build is older than sources/.",
)
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses reach the network.")
@reports_errors
def query(
    text: str | None, query_file: Any, fmt: str, graph_file: Path | None, sources: Path, allow_service: bool
) -> None:
    """Run a read-only SPARQL query on the built graph.

    The prefixes hrg, rdfs, skos, schema, dcterms, prov, xsd and one per id kind (person,
    meeting, ...) are predefined. CONSTRUCT and DESCRIBE print Turtle.

    \b
    Examples:
        hrgraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
        hrgraph query 'SELECT ?name WHERE { ?p a hrg:Person ; rdfs:label ?name FILTER(lang(?name) = "en") }'
        hrgraph query -f my-query.rq --format json
    """
    if (text is None) == (query_file is None):
        raise click.UsageError("give the query as TEXT or with -f FILE (one of them)")
    sparql = text if text is not None else query_file.read()
    dump = graph_file or Path("build") / f"{GRAPH_NAME}.nt"
    _warn_if_stale(dump, sources)
    store = open_store(dump)
    prefixes = Prefixes(_prefixes_of_turtle(dump.with_suffix(".ttl")))
    result = run_query(store, sparql, prefixes, allow_service=allow_service)
    click.echo(format_result(result, fmt, prefixes), nl=False)


def _prefixes_of_turtle(turtle: Path) -> dict[str, str]:
    """The prefixes the build declared (read from the Turtle dump), or the standard ones."""
    from .assemble import new_graph

    mapping = {p: str(ns) for p, ns in new_graph(DEFAULT_DATA_BASE).namespaces() if p}
    if turtle.is_file():
        with turtle.open(encoding="utf-8") as lines:
            for line in lines:
                if not line.startswith("@prefix"):
                    break
                _, name, iri, *_ = line.split()
                mapping[name.rstrip(":")] = iri.strip("<>")
    return mapping


def _warn_if_stale(dump: Path, sources: Path) -> None:
    if not dump.is_file() or not sources.is_dir():
        return
    built = dump.stat().st_mtime
    newer = [p for p in find_source_files(sources) if p.stat().st_mtime > built]
    if newer:
        click.echo(
            f"hrgraph: warning: {display_path(newer[0])} changed after the last build; "
            "run 'hrgraph build' to query the current facts",
            err=True,
        )


@main.command(context_settings=CONTEXT)
@data_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="ttl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (atomically)  [default: standard output]",
)
@reports_errors
def export(sources: Path, ontology_dir: Path | None, base: str, fmt: str, output: Path | None) -> None:
    """Validate sources/ and write the graph in one format.

    \b
    Examples:
        hrgraph export --format jsonld -o hrgraph.jsonld
        hrgraph export --format nt | wc -l
    """
    checked = check(sources, ontology_dir or default_ontology_dir(), base)
    data = FORMATS[fmt].write(checked.assembly.graph)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomically({output: data})
        click.echo(f"Wrote {display_path(output)} ({len(checked.assembly.graph)} triples)", err=True)


@main.command(context_settings=CONTEXT)
@data_options
@reports_errors
def stats(sources: Path, ontology_dir: Path | None, base: str) -> None:
    """Count the curated records by class and by country (what coverage assertions count).

    \b
    Example:
        hrgraph stats
    """
    dataset = load_sources(sources, load_ontology(ontology_dir or default_ontology_dir()))
    by_class, by_country = coverage(dataset)
    click.echo("Records by class:")
    for name, count in sorted(by_class.items()):
        click.echo(f"  {name:<16} {count:>5}")
    click.echo("Records about each country:")
    for country, count in sorted(by_country.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {country:<24} {count:>5}")
