"""A Python API for notebooks and scripts: load the graph, run queries and saved queries, get
rows, a pandas DataFrame or the networkx view.

    from graph.analyst.api import KnowledgeGraph
    kg = KnowledgeGraph.from_sources("sources")          # or KnowledgeGraph.load("build")
    kg.saved("post-holder-on-date", post="post/id-minister-of-human-rights", on="2025")
    kg.dataframe("SELECT ?name WHERE { ?p a hrg:Person ; rdfs:label ?name }")

A saved query's parameters are checked before it runs: an id not in the graph or of the wrong
kind, or an impossible date, raises graph.core.errors.ParameterError with what was wrong (and the
closest ids, "did you mean person/natalius-pigai?").
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph

from graph.core.data_date import LATEST_ISSUED_SPARQL
from graph.core.errors import QueryError, UsageError
from graph.core.ontology import default_ontology_dir
from graph.core.vocab import DEFAULT_DATA_BASE
from graph.output.build_store import open_built_graph
from graph.rdf.triples import GraphLike, Triples
from graph.sparql.param_check import check_params
from graph.sparql.query import Prefixes, run_query, term_text
from graph.sparql.saved import PYTHON_API, bind_params, get_saved_query, saved_queries, with_values_block
from graph.sparql.store import GRAPH_NAME, standard_prefixes, store_from_ntriples

# The pipeline (to check sources) and the view (networkx, pyvis) are imported by the methods that
# use them: loading a build and querying it needs neither.

if TYPE_CHECKING:
    import networkx as nx
    import pandas

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
DECIMAL = {XSD + t for t in ("decimal", "double", "float")}


class KnowledgeGraph:
    """The built graph, ready to query."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str], graph: GraphLike | None = None):
        self.store = store
        self.prefixes = Prefixes({**standard_prefixes(), **prefixes})
        self._graph = graph  # the assembled triples, when they were made in this process

    @classmethod
    def load(cls, build_dir: str | Path = "build") -> KnowledgeGraph:
        """The graph that `hrgraph build` wrote into a folder, from the store it kept there
        (build/store/; rebuilt from graph.nt first, with a line on stderr, if it cannot be
        trusted: another hrgraph version, an edited graph.nt, a damaged store)."""
        built = open_built_graph(Path(build_dir) / f"{GRAPH_NAME}.nt", _tell)
        return cls(built.store, built.prefixes)

    @classmethod
    def from_sources(
        cls,
        sources: str | Path = "sources",
        ontology: str | Path | None = None,
        base: str = DEFAULT_DATA_BASE,
    ) -> KnowledgeGraph:
        """Validate and assemble the curated sources in memory (raises DataInvalid if bad)."""
        from graph.pipeline import check

        checked = check(Path(sources), Path(ontology) if ontology else default_ontology_dir(), base)
        triples = checked.assembly.triples
        prefixes = {p: str(ns) for p, ns in triples.namespaces() if p}
        return cls(store_from_ntriples(checked.ntriples), prefixes, triples)

    # ------------------------------------------------------------ queries

    def query(self, sparql: str, **params: str) -> list[dict[str, Any]]:
        """Run a read-only query; rows as dicts of Python values (numbers as numbers, IRIs as
        prefixed names such as person:keo-remy, dates as their ISO text)."""
        if params:
            raise QueryError("parameters go with saved queries: use kg.saved(name, key=value)")
        return self._rows(run_query(self.store, sparql, self.prefixes))

    def saved(self, name: str, **params: str) -> list[dict[str, Any]]:
        """Run a saved query with its parameters, bound as RDF terms after they are checked
        (ParameterError for an id not in the graph or of the wrong kind, or a bad date)."""
        query, mapping = get_saved_query(name, PYTHON_API), self.prefixes.mapping
        bound = bind_params(query, {k: str(v) for k, v in params.items()}, mapping, words=PYTHON_API)
        check_params(
            query, bound, lambda text: run_query(self.store, text, self.prefixes), mapping, PYTHON_API
        )
        return self._rows(run_query(self.store, with_values_block(query.text, bound, mapping), self.prefixes))

    @property
    def coverage_date(self) -> str | None:
        """The latest date any source speaks of (the latest dcterms:issued of a source): facts
        with no known end hold "as of" this date, not today. None when no source gives a date."""
        rows = self.query(LATEST_ISSUED_SPARQL)  # graph.core.data_date's rule
        latest = rows[0]["latest"] if rows else None
        return str(latest) if latest else None

    def dataframe(self, sparql_or_saved: str, **params: str) -> pandas.DataFrame:
        """Rows of a query or a saved query (by name) as a pandas DataFrame (pandas comes with
        the notebooks extra: pip install 'hrgraph[notebooks]')."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "KnowledgeGraph.dataframe needs pandas, which comes with the notebooks extra: "
                "pip install 'hrgraph[notebooks]' (or pip install pandas)",
                name="pandas",
            ) from None

        if sparql_or_saved in saved_queries():
            rows = self.saved(sparql_or_saved, **params)
        else:
            rows = self.query(sparql_or_saved, **params)
        return pandas.DataFrame(rows)

    @staticmethod
    def saved_queries() -> dict[str, str]:
        """Name → title of every saved query."""
        return {name: q.title for name, q in saved_queries().items()}

    def _rows(self, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> list[dict[str, Any]]:
        if isinstance(result, ox.QueryBoolean):
            return [{"answer": bool(result)}]
        if isinstance(result, ox.QueryTriples):
            return [
                {
                    "subject": self._value(t.subject),
                    "predicate": self._value(t.predicate),
                    "object": self._value(t.object),
                }
                for t in result
            ]
        names = [v.value for v in result.variables]
        return [{n: self._value(s[n]) for n in names} for s in result]

    def _value(self, term: object) -> Any:
        if isinstance(term, ox.Literal):
            if term.datatype.value in NUMERIC:
                return int(term.value)
            if term.datatype.value in DECIMAL:
                return float(term.value)
            if term.datatype.value == XSD + "boolean":
                return term.value == "true"
        return term_text(term, self.prefixes) if term is not None else None

    # ------------------------------------------------------------ views

    @property
    def rdf(self) -> Graph:
        """The graph as an rdflib Graph (made on first use)."""
        if isinstance(self._graph, Triples):
            self._graph = self._graph.to_rdflib()
        elif not isinstance(self._graph, Graph):
            data = ox.serialize(self.store, format=ox.RdfFormat.N_QUADS) or b""
            self._graph = Graph().parse(data=data.decode("utf-8"), format="nt")
        return self._graph

    def network(self, lang: str = "en") -> nx.MultiDiGraph:
        """The networkx view: entities as nodes, facts as labelled edges, named in `lang` (en,
        id or km; another is a UsageError, not English unasked)."""
        from graph.core.languages import LANGUAGES
        from graph.view.build import to_networkx

        if lang not in LANGUAGES:
            raise UsageError(f"no language {lang!r}: the view is named in {', '.join(LANGUAGES)}")
        return to_networkx(self._graph if self._graph is not None else self.rdf, lang=lang)

    def html(self, title: str = "hrgraph") -> str:
        """The self-contained HTML view as a string."""
        from graph.view.page import render_html

        return render_html(self.network(), title=title, site=None)

    def iframe(self, height: int = 650, title: str = "hrgraph") -> str:
        """The HTML view wrapped in an iframe, for display inside a notebook."""
        return (
            f'<iframe srcdoc="{html.escape(self.html(title), quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe>'
        )


def _tell(text: str) -> None:
    """A line for the person at the notebook or script (the store was rebuilt, say)."""
    print(text, file=sys.stderr)
