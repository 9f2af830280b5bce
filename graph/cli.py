"""The hrgraph command line: wiring only. Exit codes: 0 ok, 1 invalid data, 2 usage error."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from graph import __version__
from graph.core.errors import (
    DataInvalid,
    HrgraphError,
    Problem,
    QueryError,
    SystemFailure,
    UsageError,
    system_said,
)
from graph.core.iris import DEFAULT_DATA_BASE
from graph.core.ontology_dir import default_ontology_dir
from graph.sparql.names import GRAPH_NAME, RESULT_FORMATS

if TYPE_CHECKING:
    import pyoxigraph

    from graph.ingest.cache import SourceCache
    from graph.ingest.dataset import Dataset
    from graph.output.build_store import BuiltGraph
    from graph.sparql.query import Prefixes

# A command imports what only it uses inside its function: the drawing stack (networkx, numpy,
# scipy, pyvis), the server, the models (pydantic) and rdflib's ontology reader would otherwise
# be paid by every command, `hrgraph --help` included; `hrgraph query` loads pyoxigraph and its
# own modules, and nothing for writing files (tests/test_startup.py keeps it so).

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyChoice(click.Choice[str]):
    """A choice among names looked up when first needed (its --help, or a value to check)."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        super().__init__(())
        self.names = names

    def _looked_up(self) -> None:
        if not self.choices:
            self.choices = tuple(self.names())

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        self._looked_up()
        return super().get_metavar(param, ctx)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self._looked_up()
        return super().convert(value, param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        self._looked_up()
        return super().shell_complete(ctx, param, incomplete)


DAY = 86_400.0


class Seconds(click.FloatRange):
    """A number of seconds from `least` to a day: 'nan', 'inf' or 1e12 are refused as a usage
    error (a socket's or a timer's limit would fail on them with a traceback)."""

    name = "seconds"

    def __init__(self, least: float) -> None:
        super().__init__(min=least, max=DAY)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:  # NaN, which no range excludes
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


def _export_formats() -> list[str]:
    """What `hrgraph export` writes (graph.output.formats loads rdflib: only for export)."""
    from graph.output.formats import FORMATS

    return sorted(FORMATS)


def display_path(path: Path) -> str:
    """The path as the user gave it, relative where it can be (graph.ingest.dataset: on use)."""
    from graph.ingest.dataset import display_path as shown

    return shown(path)


def read_input(path: Path | None) -> tuple[str, str]:
    """The UTF-8 text of a file named on the command line ('-' or none: standard input) and its
    name for messages; one that cannot be read, or is not UTF-8, is a SystemFailure (exit 3)."""
    file = None if path is None or str(path) == "-" else path
    shown = "standard input" if file is None else display_path(file)
    try:
        text = sys.stdin.buffer.read().decode("utf-8") if file is None else file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SystemFailure(
            f"cannot read {shown}: it is not UTF-8 text ({exc.reason}); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise SystemFailure.of("read", shown, exc) from None
    return text, shown


def write_atomically(files: dict[Path, bytes]) -> None:
    """Replace all the files, or none (graph.output.staged, with tempfile and shutil: on use)."""
    from graph.output.staged import write_atomically as written

    written(files)


BUILD_FOLDER = Path("build")
"""Where hrgraph build writes by default, and where the other commands find the last build."""
LAST_DUMP = BUILD_FOLDER / f"{GRAPH_NAME}.nt"
"""The last build's graph, which query, serve and publish read unless given another."""


def last_build_cache() -> SourceCache:
    """The last build's cache of loaded source files, read only (never changed by a reader)."""
    from graph.ingest.cache import SOURCES_CACHE, SourceCache

    return SourceCache(BUILD_FOLDER / SOURCES_CACHE, read_only=True)


def load_curated(sources: Path, ontology_dir: Path | None) -> Dataset:
    """The curated records, the files unchanged since the last build taken from its cache."""
    from graph.core.ontology import load_ontology
    from graph.ingest.load import load_sources

    return load_sources(sources, load_ontology(ontology_dir or default_ontology_dir()), last_build_cache())


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


SIGPIPE_EXIT = 141
"""The exit code of a command whose output's reader went away: a shell's for a tool ended by
SIGPIPE (`cat`, `grep`), so `set -o pipefail` sees it as they would."""


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
        except SystemFailure as exc:
            click.echo(f"hrgraph: {exc}", err=True)
            sys.exit(3)
        except BrokenPipeError:  # the reader of the output went away (`| head`): nothing to tell it
            with contextlib.suppress(OSError):  # nor any output left for the exit to flush
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(SIGPIPE_EXIT)
        except OSError as exc:  # the system refused a read or write not worded closer to it
            path = exc.filename2 or exc.filename
            what = "a file could not be read or written" if path is None else f"cannot read or write {path}"
            click.echo(f"hrgraph: {what}: {system_said(exc)}", err=True)
            sys.exit(3)
        except HrgraphError as exc:  # a query stopped (time limit, a store that cut its answer)
            click.echo(f"hrgraph: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def stops_on_ctrl_c(what: str) -> Callable[[F], F]:
    """Ctrl-C ends the command with one line, saying `what` of it, and exit code 130."""

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except KeyboardInterrupt:
                click.echo(f"hrgraph: interrupted: {what}", err=True)
                sys.exit(130)

        return wrapper  # type: ignore[return-value]

    return decorator


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


_QUICK_EXIT = False  # set by run(), the console script; never under a test's CliRunner
_KEPT_FOR_EXIT: list[object] = []


def run() -> None:
    """The `hrgraph` console script: the commands, then an exit that leaves freeing memory to
    the system. Freeing a million-triple build object by object took 7 s of a 90 s build."""
    global _QUICK_EXIT
    _QUICK_EXIT = True
    try:
        main(prog_name="hrgraph")
        code: int = 0
    except SystemExit as done:
        if isinstance(done.code, str):
            click.echo(done.code, err=True)
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # e.g. the reader of a pipe has gone: nothing left to tell it
            code = code or 1
    os._exit(code)


def _keep_until_exit(value: object) -> None:
    """Leave a big result for run()'s exit to drop, instead of freeing it when a command returns."""
    if _QUICK_EXIT:
        _KEPT_FOR_EXIT.append(value)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="hrgraph")
def main() -> None:
    """hrgraph: cited facts about human-rights cooperation in South-East Asia, checked against
    an RDF ontology and assembled into a graph you can query and open as HTML.

    \b
    Start with:
        hrgraph validate          check sources/ against ontology/
        hrgraph build             write build/: the dumps, the network and the readers' site
        hrgraph query 'SELECT ?name WHERE { ?p a hrg:Person ; rdfs:label ?name }'
    """


@main.command(context_settings=CONTEXT)
@data_options
@click.option(
    "--watch",
    is_flag=True,
    help="Keep checking: after each save under the sources, print the new problems and the fixed ones.",
)
@stops_on_ctrl_c("the check was stopped")
@reports_errors
def validate(sources: Path, ontology_dir: Path | None, base: str, watch: bool) -> None:
    """Check every curated file; list each problem as file:line: message (hint).

    Source files unchanged since the last build are taken from its cache (build/.cache/sources/),
    and only the files changed since are assembled again (from build/.state/): read only,
    validate never changes build/. With --watch it stays, keeping what it loaded, and
    checks again whenever a file is saved; Ctrl-C stops it.

    \b
    Example:
        hrgraph validate
        hrgraph validate --sources tests/fixtures/valid/sources
        hrgraph validate --watch
    """
    from graph.pipeline import check

    if watch:
        _watch_sources(sources, ontology_dir or default_ontology_dir(), base)
        return

    checked = check(
        sources, ontology_dir or default_ontology_dir(), base, cache=last_build_cache(), last=BUILD_FOLDER
    )
    _print_problems(checked.warnings)
    files = len(checked.dataset.files)
    triples = checked.triples  # the graph's lines: no need to assemble it whole
    click.echo(
        f"ok: {len(checked.dataset.records)} records in {files} file{'s' * (files != 1)}, "
        f"{triples} triples" + (f", {len(checked.warnings)} warnings" if checked.warnings else "")
    )


def _watch_sources(sources: Path, ontology_dir: Path, base: str) -> None:
    """validate --watch: until Ctrl-C, which ends it with exit code 0."""
    from graph.analyst.warm import WarmCheck
    from graph.analyst.watch import watch
    from graph.ingest.cache import SOURCES_CACHE

    try:
        watch(WarmCheck(sources, ontology_dir, base, BUILD_FOLDER / SOURCES_CACHE), click.echo)
    except KeyboardInterrupt:
        click.echo("stopped watching")


@main.command("build", context_settings=CONTEXT)
@data_options
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=BUILD_FOLDER,
    show_default=True,
    help="Folder the outputs are written to.",
)
@click.option("--title", default="hrgraph", show_default=True, help="Title of the HTML page.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every source file again, ignoring the cache of unchanged files in OUT/.cache/.",
)
@stops_on_ctrl_c("the build was stopped; its folder holds the last whole build")
@reports_errors
def build_command(
    sources: Path, ontology_dir: Path | None, base: str, out: Path, title: str, no_cache: bool
) -> None:
    """Validate, assemble and write the graph (graph.ttl, graph.nt, graph.jsonld), the store
    that query and serve open (store/), the network page (graph.html) and the readers' site
    (site/index.html, with its query page site/query.html).

    Outputs are replaced only when the whole build succeeds: a failed build leaves the last
    good one untouched. Source files unchanged since the last build are taken from a cache in
    OUT/.cache/sources/ (pickles signed with a key only you can read, ~/.cache/hrgraph/cache-key).

    \b
    Example:
        hrgraph build
        hrgraph build --out /tmp/hrgraph --base https://example.org/id/
    """
    from graph.core.progress import terminal_progress
    from graph.ingest.cache import SOURCES_CACHE, SourceCache
    from graph.pipeline import build

    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder: give a folder for the outputs")
    progress = terminal_progress()
    cache = None if no_cache else SourceCache(out / SOURCES_CACHE)
    try:
        built = build(sources, ontology_dir or default_ontology_dir(), out, base, title, progress, cache)
    finally:
        progress.done()
    if cache is not None and cache.failure is not None:
        click.echo(f"hrgraph: warning: {cache.failure}", err=True)
    _keep_until_exit(built)
    _print_problems(built.warnings)
    triples = built.triples  # the dump's lines: a rebuild never assembles the graph
    files = len(built.dataset.files)
    click.echo(
        f"Built {triples} triples from {built.records} records in "
        f"{files} file{'s' * (files != 1)} of {display_path(sources)}/"
    )
    counts = built.counts()
    width = max(len(name) for name in counts) if counts else 0
    for name, count in counts.items():
        click.echo(f"  {name.ljust(width)}  {count:>5}")
    click.echo(f"Warnings: {len(built.warnings)}")
    click.echo("Wrote " + ", ".join(display_path(p) + "/" * p.is_dir() for p in built.outputs))
    _say_where_to_read(out, built.outputs)


def _say_where_to_read(out: Path, outputs: list[Path]) -> None:
    """Which file of a build to open first: the readers' site, then the network and the query page."""
    from graph.querypage.page import PAGE as QUERY_PAGE
    from graph.site.write import SITE_FOLDER

    site, network = out / SITE_FOLDER, out / f"{GRAPH_NAME}.html"
    if site in outputs and network in outputs:
        click.echo(
            f"Open {display_path(site / 'index.html')} to read it "
            f"(the network: {display_path(network)}; SPARQL: {display_path(site / QUERY_PAGE)})"
        )


@main.command(context_settings=CONTEXT)
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(path_type=Path, allow_dash=True),
    metavar="FILE",
    help="Read the query from a .rq file ('-' for standard input).",
)
@click.option("--saved", "saved_name", metavar="NAME", help="Run a saved query (see --list).")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter of the saved query, bound as an RDF term (repeatable).",
)
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and their parameters.")
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
@click.option("--endpoint", metavar="URL", help="Query a SPARQL 1.1 endpoint instead of the local build.")
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    default=Path("sources"),
    show_default=True,
    help="Used only to warn when the build is older than sources/.",
)
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses reach the network.")
@click.option(
    "--timeout",
    type=Seconds(0),
    default=60.0,
    show_default=True,
    help="Seconds the query may run before it is stopped (exit 1); 0 for no limit.",
)
@stops_on_ctrl_c("the query was stopped")
@reports_errors
def query(
    text: str | None,
    query_file: Path | None,
    saved_name: str | None,
    params: tuple[str, ...],
    list_saved: bool,
    fmt: str,
    graph_file: Path | None,
    endpoint: str | None,
    sources: Path,
    allow_service: bool,
    timeout: float,
) -> None:
    """Run a read-only SPARQL query on the built graph (or on a remote endpoint).

    The prefixes hrg, rdfs, skos, schema, dcterms, prov, xsd and one per id kind (person,
    meeting, ...) are predefined. CONSTRUCT and DESCRIBE print Turtle (--format csv, tsv and
    json are for SELECT and ASK). Updates are refused; SERVICE is refused unless
    --allow-service is given. A query still running after --timeout seconds is stopped
    (exit 1); Ctrl-C stops it at once (exit 130).

    \b
    Examples:
        hrgraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
        hrgraph query --list
        hrgraph query --saved meetings-of-person --param person=person/keo-remy
        hrgraph query -f my-query.rq --format json
        hrgraph query --endpoint http://127.0.0.1:7878/query 'ASK { ?s ?p ?o }'
    """
    if list_saved:
        from graph.sparql.saved import saved_queries

        for saved in saved_queries().values():
            click.echo(f"{saved.name}\n    {saved.title}. {saved.description}")
            for param in saved.params:
                click.echo(f"    --param {param.usage()}")
        return
    from graph.sparql.query import Prefixes, format_result, run_query, run_remote
    from graph.sparql.store import read_prefixes

    given = [x for x in (text, query_file, saved_name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("give the query as TEXT, with -f FILE or with --saved NAME (one of them)")
    if params and saved_name is None:
        raise click.UsageError("--param goes with --saved NAME")
    dump = graph_file or LAST_DUMP
    prefixes = Prefixes(read_prefixes(dump.with_suffix(".ttl"), _stamped_prefixes(dump)))
    open_graph = functools.cache(lambda: _open_built(dump).store)  # once, when first needed

    def run_check(check: str) -> object:  # asks the graph whether an id parameter names something
        if endpoint is not None:
            return run_remote(endpoint, prefixes.prologue() + check)
        return run_query(open_graph(), check, prefixes)

    if saved_name is not None:  # the saved queries' checks load the models (pydantic): only here
        from graph.sparql.param_check import checked_saved_query_text
        from graph.sparql.saved import parse_param_options

        values = parse_param_options(params)
        sparql = checked_saved_query_text(saved_name, values, prefixes.mapping, run_check)
    else:
        sparql = text if text is not None else read_input(query_file)[0]
    limit = timeout or None
    if endpoint is not None:
        result = run_remote(endpoint, prefixes.prologue() + sparql, allow_service, limit)
        refusal = _format_refusal(type(result), fmt)
        if refusal is not None:
            # refused with no answer held: a traceback keeping this frame would keep pyoxigraph's
            # answer, which must be freed by the thread that made it (not a server's, in the tests)
            del result
            raise UsageError(refusal)
        answer = format_result(result, fmt, prefixes)
        click.echo(answer, nl=not answer.endswith("\n") and bool(answer))
        _warn_of_unknown_terms(sparql if saved_name is None else "", prefixes)
    else:
        newer: list[Path] = []  # looked for while the child evaluates, said after the answer
        try:
            _print_answer(
                open_graph(),
                sparql,
                prefixes,
                fmt,
                allow_service,
                limit,
                lambda _pid: newer.extend(_changed_since_build(dump, sources)),
            )
            _warn_of_unknown_terms(sparql if saved_name is None else "", prefixes)
        finally:
            if newer:
                click.echo(
                    f"hrgraph: warning: {display_path(newer[0])} changed after the last build; "
                    "run 'hrgraph build' to query the current facts",
                    err=True,
                )


def _print_answer(
    store: pyoxigraph.Store,
    sparql: str,
    prefixes: Prefixes,
    fmt: str,
    allow_service: bool,
    limit: float | None,
    meanwhile: Callable[[int], None] | None = None,
) -> None:
    """Evaluate the query in a process of its own (so that it can be stopped at the time limit
    or by Ctrl-C) and stream its answer to standard output as it comes (memory stays bounded).
    `meanwhile(pid)` runs in this process while the child evaluates."""
    from graph.sparql.apart import evaluate_apart
    from graph.sparql.query import checked_query, run_query, write_result

    refusal = _format_refusal(checked_query(sparql, prefixes, allow_service), fmt)
    if refusal is not None:
        raise UsageError(refusal)
    out = _LineEnded(sys.stdout.buffer)

    def answer(stream: BinaryIO) -> dict[str, str]:
        write_result(run_query(store, sparql, prefixes, built_in=True), fmt, prefixes, stream)
        return {}

    try:
        evaluate_apart(answer, out.write, limit, on_child=meanwhile)
        out.end_line()
    finally:
        out.stream.flush()


def _warn_of_unknown_terms(sparql: str, prefixes: Prefixes) -> None:
    """A line on stderr for each term of hrgraph's vocabularies the query names that the
    ontology does not define (hrg:Persn), which would only match nothing."""
    from graph.sparql.unknown_terms import unknown_term_warnings

    for warning in unknown_term_warnings(sparql, prefixes, default_ontology_dir()):
        click.echo(f"hrgraph: {warning}", err=True)


def _format_refusal(
    kind: type[pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples], fmt: str
) -> str | None:
    """Why `fmt` cannot write an answer of `kind`, or None: csv, tsv and json are formats of
    SELECT and ASK results; asked of a CONSTRUCT or DESCRIBE (a graph, printed as Turtle) they are
    a usage error, as `hrgraph serve` refuses them (406)."""
    import pyoxigraph

    if fmt != "table" and issubclass(kind, pyoxigraph.QueryTriples):
        return (
            f"--format {fmt} is for the results of SELECT and ASK: a CONSTRUCT or DESCRIBE query "
            "answers a graph, printed as Turtle (leave out --format)"
        )
    return None


class _LineEnded:
    """An answer written as it comes, then ended with a line break if it has none (Oxigraph's
    JSON results end with '}', its CSV and TSV of an ASK with 'true')."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.ended = True  # nothing written: nothing to end

    def write(self, chunk: bytes) -> None:
        if chunk:
            self.ended = chunk.endswith(b"\n")
        self.stream.write(chunk)

    def end_line(self) -> None:
        if not self.ended:
            self.write(b"\n")


def _open_built(dump: Path) -> BuiltGraph:
    """The graph of a build's graph.nt: from the store the build kept beside it, rebuilt first
    (said on stderr) when it cannot be trusted; another dump is parsed into memory."""
    from graph.output.build_store import open_built_graph

    return open_built_graph(dump, lambda text: click.echo(text, err=True))


def _stamped_prefixes(dump: Path) -> dict[str, str] | None:
    """The standard prefixes kept with the build's store (so rdflib need not be loaded)."""
    from graph.sparql.kept_store import stamped_prefixes

    return stamped_prefixes(dump)


def _changed_since_build(dump: Path, sources: Path) -> list[Path]:
    """The source files written after the dump whose bytes are none the build read (a file a
    checkout only touched is not named; none when either is missing)."""
    from graph.ingest.dataset import find_source_files

    if not dump.is_file() or not sources.is_dir():
        return []
    built = dump.stat().st_mtime
    newer = [p for p in find_source_files(sources) if p.stat().st_mtime > built]
    if not newer:
        return []
    import hashlib

    from graph.output.state_files import read_digests

    read = read_digests(dump.parent)
    return [p for p in newer if hashlib.sha256(p.read_bytes()).hexdigest() not in read]


@main.command(context_settings=CONTEXT)
@data_options
@click.option(
    "--format",
    "fmt",
    type=LazyChoice(_export_formats),
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
@stops_on_ctrl_c("the export was stopped; no file was written")
@reports_errors
def export(sources: Path, ontology_dir: Path | None, base: str, fmt: str, output: Path | None) -> None:
    """Validate sources/ and write the graph in one format.

    \b
    Examples:
        hrgraph export --format jsonld -o hrgraph.jsonld
        hrgraph export --format nt | wc -l
    """
    from graph.pipeline import check

    checked = check(sources, ontology_dir or default_ontology_dir(), base, cache=last_build_cache())
    from graph.output.formats import FORMATS

    data = FORMATS[fmt].write(checked.assembly.triples, checked.ntriples or None)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomically({output: data})
        held = _held_in(fmt, data, len(checked.assembly.triples))
        click.echo(f"Wrote {display_path(output)} ({held})", err=True)


@main.command("site", context_settings=CONTEXT)
@data_options
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="A new or empty folder, or a site hrgraph wrote: replaced whole, atomically.",
)
@click.option("--title", default="hrgraph", show_default=True, help="The site's name on every page.")
@stops_on_ctrl_c("the site was stopped; its folder is as it was")
@reports_errors
def site_command(sources: Path, ontology_dir: Path | None, base: str, out: Path, title: str) -> None:
    """Validate sources/ and write the readers' site: a page for every person, organisation,
    post, meeting, commitment, instrument, figure, topic and source, in English, Indonesian
    and Khmer, that opens from disk with no network, and its query page (query.html). `hrgraph
    build` writes it to build/site/.

    \b
    Example:
        hrgraph site --out /tmp/hrgraph-site
    """
    from graph.output.staged import StagedFiles, refuse_to_replace_theirs
    from graph.pipeline import check
    from graph.querypage.page import build_prefixes, write_query_page
    from graph.site.write import is_site, write_site

    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is not a folder: give a folder for the site")
    refuse_to_replace_theirs(out, is_site, "hrgraph site")
    checked = check(sources, ontology_dir or default_ontology_dir(), base, cache=last_build_cache())
    with StagedFiles() as staged:
        folder = staged.folder(out)
        site = write_site(checked.assembly.triples, checked.ontology, folder, title, None, recording=False)
        pages = site.written
        triples = checked.ntriples.count(b"\n")
        # no README beside a site written elsewhere: its query page links to none
        write_query_page(folder, checked.ntriples, triples, build_prefixes(base), title, instructions=None)
    click.echo(f"Wrote {pages:,} pages to {display_path(out)}/ (open {display_path(out / 'index.html')})")


def _held_in(fmt: str, data: bytes, triples: int) -> str:
    """What an exported file holds: triples, or the network view's nodes and links (GraphML and
    GEXF are XML, where every '<' in a text is escaped, so each element's tag is counted once)."""
    if fmt in ("graphml", "gexf"):
        return f"{data.count(b'<node ')} nodes, {data.count(b'<edge ')} links"
    return f"{triples} triples"


@main.command(context_settings=CONTEXT)
@data_options
@click.option(
    "--update-assertions",
    is_flag=True,
    help="Raise the minimum counts of hrgraph.toml to what the data holds now (never lowers one).",
)
@stops_on_ctrl_c("the count was stopped; no file was changed")
@reports_errors
def stats(sources: Path, ontology_dir: Path | None, base: str, update_assertions: bool) -> None:
    """Count the curated records by class and by country (what coverage assertions count).
    Files unchanged since the last build are read from its cache; build/ is never changed.

    \b
    Example:
        hrgraph stats
    """
    from graph.checks.coverage import coverage
    from graph.checks.quotes import quote_coverage

    dataset = load_curated(sources, ontology_dir)
    by_class, by_country = coverage(dataset)
    if update_assertions:
        _update_assertions(sources, by_class, by_country)
        return
    click.echo("Records by class:")
    for name, count in sorted(by_class.items()):
        click.echo(f"  {name:<16} {count:>5}")
    click.echo("Records about each country:")
    for country, count in sorted(by_country.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {country:<24} {count:>5}")
    quotes = quote_coverage(dataset, sources)
    click.echo("Quotes:")
    click.echo(f"  {'citations with a quote':<28} {quotes.quoted:>5} of {quotes.citations}")
    click.echo(f"  {'sources with a stored text':<28} {quotes.with_text:>5} of {quotes.sources}")
    click.echo(f"  {'quotes checked against it':<28} {quotes.quotes_checked:>5}")


def _update_assertions(sources: Path, by_class: Counter[str], by_country: Counter[str]) -> None:
    """Raise hrgraph.toml's minimums to the counts, print each change, write the file atomically."""
    from graph.checks.coverage import config_path, load_assertions
    from graph.checks.raise_assertions import raised_assertions

    assertions = load_assertions(sources)
    if assertions is None:
        raise UsageError(
            f"there is no {display_path(config_path(sources))} to update: "
            "create it with an [assertions.min_records] table (see sources/README.md)"
        )
    text, raised, short = raised_assertions(assertions, by_class, by_country)
    for change in raised:
        click.echo(f"{assertions.file}:{change}")
    for change in short:
        click.echo(
            f"{assertions.file}:{change.line}: {change.key} kept at {change.old}: data holds {change.new}"
        )
    if raised:
        write_atomically({config_path(sources): text.encode("utf-8")})
        click.echo(f"Raised {len(raised)} minimum{'s' * (len(raised) != 1)} in {assertions.file}")
    else:
        click.echo(f"{assertions.file} is up to date: no minimum below what the data holds")


@main.command("schema", context_settings=CONTEXT)
@click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Ontology folder  [default: ./ontology]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (atomically)  [default: standard output]",
)
@stops_on_ctrl_c("the schema was stopped; no file was written")
@reports_errors
def schema_command(ontology_dir: Path | None, output: Path | None) -> None:
    """Write a JSON Schema (draft 2020-12) of the YAML format, generated from the record models
    and the ontology's controlled words: editors that speak yaml-language-server (VS Code's
    YAML extension and others) complete and check keys, ids and topics as you type.

    \b
    Example:
        hrgraph schema -o docs/hrgraph.schema.json
    """
    from graph.core.ontology import load_ontology
    from graph.ingest.schema import schema_text

    text = schema_text(load_ontology(ontology_dir or default_ontology_dir()))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically({output: text.encode("utf-8")})
        click.echo(f"Wrote {display_path(output)}", err=True)


@main.command("vocab", context_settings=CONTEXT)
@click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Ontology folder  [default: ./ontology]",
)
@click.option("--scheme", metavar="NAME", help="Only this scheme, e.g. topic, status or role.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@stops_on_ctrl_c("the listing was stopped")
@reports_errors
def vocab_command(ontology_dir: Path | None, scheme: str | None, fmt: str) -> None:
    """List the controlled words (topics, statuses, roles, kinds, ...) with their labels in
    English, Indonesian and Khmer: the ids a curator writes, e.g. topic/migrant-workers.

    \b
    Examples:
        hrgraph vocab --scheme topic
        hrgraph vocab --format csv > vocabulary.csv
    """
    from graph.core.ontology import load_ontology
    from graph.core.schemes import controlled_words, words_csv, words_table

    words = controlled_words(load_ontology(ontology_dir or default_ontology_dir()), scheme)
    click.echo(words_csv(words) if fmt == "csv" else words_table(words), nl=False)


@main.command("gaps", context_settings=CONTEXT)
@data_options
@click.option(
    "--on",
    "on_text",
    metavar="DATE",
    help="Judge posts' holders on this date  [default: the data's latest date]",
)
@click.option(
    "--months",
    type=click.IntRange(min=1),
    default=6,
    show_default=True,
    help="How long without a report makes a tenure or an open commitment a gap.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@stops_on_ctrl_c("the search for gaps was stopped")
@reports_errors
def gaps_command(
    sources: Path, ontology_dir: Path | None, base: str, on_text: str | None, months: int, fmt: str
) -> None:
    """List what to fill next: posts with no known holder on a date, tenures with no end and no
    recent attestation, open commitments with no recent status report, facts with no quote,
    sources with no address or date, people without a name in en, id or km. Files unchanged
    since the last build are read from its cache; build/ is never changed.

    \b
    Examples:
        hrgraph gaps
        hrgraph gaps --on 2025-11-24 --months 12 --format csv > gaps.csv
    """
    from pydantic_core import PydanticCustomError

    from graph.checks.gaps import find_gaps, gaps_csv, gaps_table, latest_date
    from graph.ingest.records import PartialDate

    dataset = load_curated(sources, ontology_dir)
    try:
        on = PartialDate.parse(on_text) if on_text is not None else latest_date(dataset)
    except PydanticCustomError as exc:
        hint = (exc.context or {}).get("hint", "")
        raise UsageError(f"--on {on_text}: {exc.message()} ({hint})") from None
    if on is None:
        raise UsageError("no source has a publication date to judge by: give --on DATE")
    gaps = find_gaps(dataset, on, months)
    click.echo(gaps_csv(gaps) if fmt == "csv" else gaps_table(gaps), nl=False)
    if fmt == "table":
        click.echo(f"{len(gaps)} gaps, judged on {on} ({months} months without a report)", err=True)


@main.command("suggest", context_settings=CONTEXT)
@click.argument("article", required=False, type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option(
    "--source",
    "source_id",
    required=True,
    metavar="src/ID",
    help="The source the article is: its id (defined under sources:, or new).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the candidates to this new file  [default: standard output]",
)
@click.option(
    "--language",
    type=click.Choice(["id", "en", "km"]),
    default=None,
    help="The article's language  [default: the source's, else guessed]",
)
@click.option(
    "--date",
    "published",
    metavar="YYYY-MM-DD",
    default=None,
    help="The article's date, giving a year to '(24/11)'  [default: the source's published date]",
)
@data_options
@stops_on_ctrl_c("the suggestions were stopped; no file was written")
@reports_errors
def suggest_command(
    article: Path | None,
    source_id: str,
    out: Path | None,
    language: str | None,
    published: str | None,
    sources: Path,
    ontology_dir: Path | None,
    base: str,
) -> None:
    """Suggest candidate facts from an article's text (a file, or standard input): the known
    people, organisations, posts, places, countries and topics it names, its dates and figures,
    as a meeting and observations citing the sentences they came from. Every candidate is
    marked `review: pending`: validate and build refuse the file until a curator has checked
    each one and deleted the line.

    \b
    Example:
        hrgraph suggest article.txt --source src/example-news-2026-03-02 -o sources/meetings/new.yaml
        pbpaste | hrgraph suggest --source src/example-news-2026-03-02
    """
    from datetime import date

    from graph.curation.suggest import suggest
    from graph.ingest.records import ID_PATTERN

    if not ID_PATTERN.match(source_id) or not source_id.startswith("src/"):
        raise UsageError(
            f"--source {source_id!r} is not a source id: write it like src/example-news-2026-03-02"
        )
    try:
        reference = date.fromisoformat(published) if published else None
    except ValueError:
        raise UsageError(f"--date {published!r} is not a date: write it like 2025-11-25") from None
    if out is not None and out.exists():
        raise UsageError(f"{display_path(out)} exists: give a new file (suggest never overwrites one)")
    text, shown = read_input(article)
    if not text.strip():
        raise UsageError(f"{shown} is empty: give the article's text")
    made = suggest(
        text, source_id, sources, ontology_dir or default_ontology_dir(), shown, language, reference
    )
    if out is None:
        click.echo(made.yaml, nl=False)
    else:
        write_atomically({out: made.yaml.encode("utf-8")})
    found = made.found
    entities = found.ids(*{m.kind for m in found.entities})
    misspelt = len({m.id for m in found.entities if not m.exact})
    click.echo(
        f"hrgraph: found {len(entities)} known entities ({misspelt} spelt differently), "
        f"{len(found.dates)} date{'s' * (len(found.dates) != 1)} and "
        f"{len(found.figures)} figure{'s' * (len(found.figures) != 1)} in {shown} ({made.language})"
        + (f"; wrote {display_path(out)}" if out is not None else "")
        + ": check every candidate against the source, then delete its `review: pending` line",
        err=True,
    )


@main.command(context_settings=CONTEXT)
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path),
    default=None,
    help="The dump to serve  [default: build/graph.nt]",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 unless others must reach it).",
)
@click.option(
    "--port",
    default=8787,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses reach the network.")
@click.option(
    "--cors",
    "cors_origin",
    metavar="ORIGIN",
    help="Let web pages from this one origin (e.g. https://example.org) query the server; off by default.",
)
@click.option(
    "--timeout",
    type=Seconds(0),
    default=30.0,
    show_default=True,
    help="Seconds a query may run; past them it is stopped and answered 503. 0 for no limit.",
)
@click.option(
    "--site",
    type=click.Path(path_type=Path),
    default=None,
    help="The readers' site served beside the query page  [default: site/ beside the dump, if there]",
)
@stops_on_ctrl_c("the server was stopped before it started")
@reports_errors
def serve(
    graph_file: Path | None,
    host: str,
    port: int,
    allow_service: bool,
    cors_origin: str | None,
    timeout: float,
    site: Path | None,
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 Protocol endpoint.

    Answers GET and POST at /sparql; the results format follows the Accept header (JSON, XML,
    CSV, TSV; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE). Updates are
    refused. Each query is evaluated in a process of its own, stopped at --timeout or when its
    client hangs up. The query page is at /, with the readers' site (build/site/) beside it, so
    that its results open their pages. Stop the server with Ctrl-C.

    \b
    Example:
        hrgraph serve --port 8787
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:8787/sparql
    """
    from graph.analyst.serve import SparqlServer
    from graph.site.write import SITE_FOLDER
    from graph.sparql.query import Prefixes
    from graph.sparql.store import read_prefixes

    dump = graph_file or LAST_DUMP
    prefixes = Prefixes(read_prefixes(dump.with_suffix(".ttl")))
    if site is None and (dump.parent / SITE_FOLDER).is_dir():
        site = dump.parent / SITE_FOLDER
    elif site is not None and not site.is_dir():
        raise UsageError(f"--site {site} is not a folder: give the folder of a written site")
    store = _open_built(dump).store
    try:
        server = SparqlServer(
            (host, port),
            store,
            prefixes,
            allow_service=allow_service,
            cors_origin=cors_origin,
            answer_seconds=timeout,
            site=site,
        )
    except OSError as error:
        raise UsageError(_cannot_listen(host, port, error)) from None
    try:  # a Ctrl-C as soon as the line below is printed also stops it quietly
        click.echo(
            f"Serving {display_path(dump)} read-only: the query page at {server.page_url},"
            f" SPARQL at {server.url} (Ctrl-C to stop)",
            err=True,
        )
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


LISTEN_ADVICE = {
    errno.EADDRINUSE: "another program listens there: give another --port, or --port 0 for any free one",
    errno.EADDRNOTAVAIL: "this machine has no such address: give --host 127.0.0.1, or one of its own",
    errno.EACCES: "a port below 1024 needs privileges: give one above 1024",
}
"""What to do when `hrgraph serve` cannot listen where asked, by the system's reason."""


def _cannot_listen(host: str, port: int, error: OSError) -> str:
    advice = LISTEN_ADVICE.get(error.errno or 0)
    return f"cannot listen on {host}:{port}: {system_said(error)}" + (f" ({advice})" if advice else "")


@main.command("diff", context_settings=CONTEXT)
@click.argument("old")
@click.argument("new")
@click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Ontology for the words of build folders  [default: ./ontology]",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@stops_on_ctrl_c("the comparison was stopped")
@reports_errors
def diff_command(old: str, new: str, ontology_dir: Path | None, fmt: str) -> None:
    """What facts were added, removed and changed between OLD and NEW, in words.

    OLD and NEW are build folders (with graph.nt) or git revisions of this project (its
    sources/ at that revision are checked and assembled). Lines start with + (added),
    - (removed) or ~ (changed).

    \b
    Examples:
        hrgraph diff HEAD~1 HEAD
        hrgraph diff /tmp/last-week-build build --format json
    """
    from graph.analyst.diff import diff_graphs, load_side

    old_graph, _ = load_side(old, ontology_dir or default_ontology_dir())
    new_graph, new_ontology = load_side(new, ontology_dir or default_ontology_dir())
    result = diff_graphs(old_graph, new_graph, new_ontology)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            click.echo(line)


@main.command("publish", context_settings=CONTEXT)
@click.option(
    "--endpoint",
    required=True,
    envvar="HRGRAPH_ENDPOINT",
    metavar="URL",
    help="The store's SPARQL 1.1 Graph Store endpoint (Oxigraph http://HOST:7878/store, Fuseki "
    "http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service).",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    default=None,
    help="The named graph to replace  [default: https://w3id.org/hrgraph/graph]; 'default' for the "
    "store's default graph.",
)
@click.option(
    "--graph-file",
    type=click.Path(path_type=Path),
    default=None,
    help="The N-Triples dump to publish  [default: build/graph.nt]",
)
@click.option(
    "--timeout",
    type=Seconds(0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for the server at each step of the upload.",
)
@stops_on_ctrl_c("the upload was stopped: publish again to be sure which graph the store holds")
@reports_errors
def publish_command(endpoint: str, graph_iri: str | None, graph_file: Path | None, timeout: float) -> None:
    """Replace a named graph of a triple store with the built graph (SPARQL 1.1 Graph Store
    Protocol: one PUT of build/graph.nt, so publishing twice never duplicates a triple).

    Credentials come from HRGRAPH_USER and HRGRAPH_PASSWORD, or else from the netrc file ($NETRC
    or ~/.netrc) entry for the endpoint's host; they are never printed. The graph is then read
    back (a GET) and its triples counted. Exit codes: 0 published, 1 the store could not be
    reached, refused the graph, timed out (the previous graph is left as it was) or held none of
    it when read back, 2 usage error (bad address, no build, half the credentials).

    \b
    Examples:
        hrgraph publish --endpoint http://127.0.0.1:7878/store
        HRGRAPH_USER=me HRGRAPH_PASSWORD=... hrgraph publish \\
            --endpoint https://fuseki.example.org/hrgraph/data --graph https://example.org/graph/hrgraph
    """
    from graph.output.publish import credentials_for, publish

    dump = graph_file or LAST_DUMP
    published = publish(dump, endpoint, graph_iri, timeout, credentials_for(endpoint))
    for warning in published.warnings:
        click.echo(f"hrgraph: warning: {warning}", err=True)
    target = "the default graph" if published.graph == "default" else f"<{published.graph}>"
    held = f"; read back: {published.held}" if published.held is not None else ""
    click.echo(
        f"Published {published.triples} triples from {display_path(dump)} to {target} at "
        f"{published.url.split('?', 1)[0]} ({'created' if published.created else 'replaced'}){held}"
    )


@main.command("viz", context_settings=CONTEXT)
@data_options
@click.option("--focus", metavar="ID", help="Draw only what is around this node, e.g. person/keo-remy.")
@click.option(
    "--depth",
    type=click.IntRange(0, 20),
    default=1,
    show_default=True,
    help="How many links away from --focus to go.",
)
@click.option("--topic", metavar="ID", help="Keep what is about this topic, e.g. topic/migrant-workers.")
@click.option("--country", metavar="ID", help="Keep what concerns this country, e.g. country/cambodia.")
@click.option("--from", "year_from", type=int, metavar="YEAR", help="Keep what is dated in or after YEAR.")
@click.option("--to", "year_to", type=int, metavar="YEAR", help="Keep what is dated in or before YEAR.")
@click.option(
    "--lang",
    type=click.Choice(["en", "id", "km"]),
    default="en",
    show_default=True,
    help="Language of names and words (else English, else Indonesian).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=BUILD_FOLDER / "view.html",
    show_default=True,
    help="HTML file to write (atomically).",
)
@click.option("--title", default="hrgraph", show_default=True, help="Title of the page.")
@stops_on_ctrl_c("the view was stopped; no file was written")
@reports_errors
def viz_command(
    sources: Path,
    ontology_dir: Path | None,
    base: str,
    focus: str | None,
    depth: int,
    topic: str | None,
    country: str | None,
    year_from: int | None,
    year_to: int | None,
    lang: str,
    output: Path,
    title: str,
) -> None:
    """Write the interactive HTML view of the graph, whole or in part: one file that opens
    offline in any browser, with a legend, search, filters and the sources of every fact.

    The filters keep what matches and, linked to it, what has no topic, country or date of its
    own (the people at a matching meeting); --focus then keeps what is at most --depth links
    away from one node. The page can filter further.

    \b
    Examples:
        hrgraph viz
        hrgraph viz --focus person/natalius-pigai --depth 2 -o pigai.html
        hrgraph viz --topic topic/migrant-workers --from 2020 --lang id -o migrant-workers.html
        hrgraph viz --country country/cambodia --from 1988 --to 1991
    """
    from graph.pipeline import check
    from graph.view.build import to_networkx
    from graph.view.filters import selected_view
    from graph.view.page import render_html

    checked = check(sources, ontology_dir or default_ontology_dir(), base, cache=last_build_cache())
    _print_problems(checked.warnings)
    view = to_networkx(checked.assembly.triples, lang)
    chosen = selected_view(view, base, focus, depth, topic, country, year_from, year_to)
    html = render_html(chosen.view, title=title, lang=lang, selection=chosen.description, site=None)
    write_atomically({output: html.encode("utf-8")})
    part = chosen.view
    click.echo(
        f"Wrote {display_path(output)} ({len(part)} of {chosen.total} nodes, "
        f"{part.number_of_edges()} links" + (f"; {chosen.description}" if chosen.description else "") + ")"
    )
