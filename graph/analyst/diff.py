"""`hrgraph diff OLD NEW`: what facts were added, removed and changed between two graphs, in words.

OLD and NEW are build folders (their graph.nt) or git revisions of the project (sources/,
ontology/ and hrgraph.toml at that revision are checked and assembled). A fact is a record and
everything nested under its IRI (citations, participants, status reports, events, claims), so a
new quote or a changed status is reported on the fact it belongs to.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from graph.core.errors import UsageError
from graph.core.ontology import Ontology, load_ontology
from graph.core.vocab import DCTERMS, HRG, ONTOLOGY_IRI, PROV, RDF, RDFS, SKOS
from graph.pipeline import GRAPH_NAME, check

# Parts of a fact, shown by what they are rather than by their IRI.
PART_PREDICATES = (HRG.participation, HRG.statusReport, HRG.instrumentEvent, HRG.claim)
SKIPPED = {HRG.citation, PROV.wasDerivedFrom, HRG.meeting, RDF.type}


@dataclass
class Change:
    property: str
    change: str  # added, removed, changed
    old: str | None = None
    new: str | None = None

    def words(self) -> str:
        if self.change == "changed":
            return f"{self.property} changed from {self.old} to {self.new}"
        return f"{self.property} {self.change} {self.new if self.change == 'added' else self.old}"


@dataclass
class FactDiff:
    id: str
    description: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class GraphDiff:
    added: list[FactDiff] = field(default_factory=list)
    removed: list[FactDiff] = field(default_factory=list)
    changed: list[FactDiff] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"+ {f.description}" for f in self.added]
        out += [f"- {f.description}" for f in self.removed]
        out += [f"~ {f.description}: " + "; ".join(c.words() for c in f.changes) for f in self.changed]
        return out or ["No changes."]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# ---------------------------------------------------------------- loading the two sides


def load_side(spec: str, ontology_dir: Path) -> tuple[Graph, Ontology]:
    """A build folder, or a git revision of the project in the current folder."""
    folder = Path(spec)
    if folder.is_dir():
        dump = folder / f"{GRAPH_NAME}.nt"
        if not dump.is_file():
            raise UsageError(f"{spec} has no {GRAPH_NAME}.nt: give a build folder or a git revision")
        return read_ntriples(dump), load_ontology(ontology_dir)
    return _graph_at_revision(spec)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def read_ntriples(dump: Path) -> Graph:
    """A graph.nt as an rdflib Graph, parsed by pyoxigraph (rdflib's parser is quadratic in a
    literal's length: a 5 MB name took minutes)."""
    graph = Graph()
    try:
        with dump.open("rb") as handle:
            for triple in ox.parse(handle, format=ox.RdfFormat.N_TRIPLES):
                graph.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
    except SyntaxError as error:
        raise UsageError(f"{dump} is not an N-Triples graph ({error.msg})") from None
    return graph


def _term(term: object) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise UsageError(f"a graph.nt holds a term diff cannot read: {term!r}")


def _graph_at_revision(revision: str) -> tuple[Graph, Ontology]:
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True
        ).stdout.strip()
        commit = _resolve_commit(top, revision)
        archive = subprocess.run(
            ["git", "-C", top, "archive", "--format=tar", commit, "--", "sources", "ontology"]
            + (["hrgraph.toml"] if _exists_at(top, commit, "hrgraph.toml") else []),
            capture_output=True,
            check=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        detail = (stderr.decode(errors="replace") if isinstance(stderr, bytes) else str(stderr)).strip()
        raise UsageError(
            f"{revision!r} is neither a build folder nor a git revision of this project"
            + (f" ({detail})" if detail else "")
        ) from None
    with tempfile.TemporaryDirectory(prefix="hrgraph-diff-") as temp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            try:
                tar.extractall(temp, filter="data")
            except tarfile.FilterError as error:  # a committed link to an absolute path, say
                refused = f"revision {revision!r} holds a file diff will not unpack ({error})"
                raise UsageError(refused) from None
        checked = check(Path(temp) / "sources", Path(temp) / "ontology")
        return checked.assembly.graph, checked.ontology


def _resolve_commit(top: str, revision: str) -> str:
    """The commit hash REVISION names; never read by git as an option (`--output=FILE`)."""
    return subprocess.run(
        ["git", "-C", top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _exists_at(top: str, revision: str, path: str) -> bool:
    result = subprocess.run(["git", "-C", top, "cat-file", "-e", f"{revision}:{path}"], capture_output=True)
    return result.returncode == 0


# ---------------------------------------------------------------- comparing


def diff_graphs(old: Graph, new: Graph, ontology: Ontology) -> GraphDiff:
    """Compare two graphs fact by fact."""
    words = _Words(old, new, ontology)
    old_facts, new_facts = _facts(old), _facts(new)
    result = GraphDiff()
    for iri in sorted(set(new_facts) - set(old_facts)):
        result.added.append(FactDiff(words.short(iri), words.describe(iri, new)))
    for iri in sorted(set(old_facts) - set(new_facts)):
        result.removed.append(FactDiff(words.short(iri), words.describe(iri, old)))
    for iri in sorted(set(old_facts) & set(new_facts)):
        changes = _changes(iri, old, new, words)
        if changes:
            result.changed.append(FactDiff(words.short(iri), words.describe(iri, new), changes))
    return result


def _facts(graph: Graph) -> set[URIRef]:
    """Subjects that are records: typed with an hrgraph class and not nested in another record."""
    typed = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(o).startswith(ONTOLOGY_IRI) and o != HRG.Citation
    }
    texts = {str(s) for s in typed}
    # nested: a record whose IRI continues another record's with "/" (a meeting's participation)
    return {s for s in typed if not any(s[:at] in texts for at, c in enumerate(s) if c == "/")}


def _changes(iri: URIRef, old: Graph, new: Graph, words: _Words) -> list[Change]:
    changes: list[Change] = []
    predicates = {
        p for g in (old, new) for p in g.predicates(iri) if p not in SKIPPED and p not in PART_PREDICATES
    }
    for predicate in sorted(predicates, key=str):
        before = sorted(old.objects(iri, predicate), key=str)
        after = sorted(new.objects(iri, predicate), key=str)
        if before == after:
            continue
        name = words.property(predicate)
        gone = [o for o in before if o not in after]
        came = [o for o in after if o not in before]
        if len(gone) == 1 and len(came) == 1:
            was, now = words.value(gone[0]), words.value(came[0])
            if was == now:  # the same text in another language (or of another datatype)
                was, now = words.written(gone[0]), words.written(came[0])
            changes.append(Change(name, "changed", was, now))
            continue
        changes += [Change(name, "removed", old=words.value(o)) for o in gone]
        changes += [Change(name, "added", new=words.value(o)) for o in came]
    changes += _source_changes(iri, old, new, words)
    for predicate in PART_PREDICATES:
        parts_before = {words.part(p, old) for p in old.objects(iri, predicate)}
        parts_after = {words.part(p, new) for p in new.objects(iri, predicate)}
        name = words.property(predicate)
        changes += [Change(name, "removed", old=d) for d in sorted(parts_before - parts_after)]
        changes += [Change(name, "added", new=d) for d in sorted(parts_after - parts_before)]
    return changes


def _source_changes(iri: URIRef, old: Graph, new: Graph, words: _Words) -> list[Change]:
    def cited(graph: Graph) -> dict[Node, set[str]]:
        found: dict[Node, set[str]] = {}
        for citation in graph.objects(iri, HRG.citation):
            source = graph.value(citation, HRG.source)
            if source is not None:
                quote = graph.value(citation, HRG.quote)
                found.setdefault(source, set()).add(str(quote) if quote is not None else "")
        return found

    before, after = cited(old), cited(new)
    source_word, quote_from = words.property(HRG.source), words.property(HRG.quote) + " from {}"
    changes = [
        Change(source_word, "removed", old=words.source(s)) for s in sorted(set(before) - set(after), key=str)
    ]
    changes += [
        Change(source_word, "added", new=words.source(s)) for s in sorted(set(after) - set(before), key=str)
    ]
    for source in sorted(set(before) & set(after), key=str):
        for quote in sorted(after[source] - before[source]):
            if quote:
                changes.append(Change(quote_from.format(words.short(source)), "added", new=f"“{quote}”"))
        for quote in sorted(before[source] - after[source]):
            if quote:
                changes.append(Change(quote_from.format(words.short(source)), "removed", old=f"“{quote}”"))
    return changes


class _Words:
    """Names for nodes, properties and values, in English: a class, a property or a concept by
    its ontology label (`Ontology.label`, the words the network view and the site use), a
    record by its label in either graph."""

    LANG = "en"

    def __init__(self, old: Graph, new: Graph, ontology: Ontology):
        self.graphs = (new, old)
        self.ontology = ontology

    def label(self, node: Node | None) -> str:
        if node is None:
            return "?"
        if isinstance(node, URIRef) and node in self.ontology.labels:
            return self.ontology.label(node, self.LANG)
        for graph in self.graphs:
            for predicate in (RDFS.label, SKOS.prefLabel):
                labels = {
                    o.language: str(o) for o in graph.objects(node, predicate) if isinstance(o, Literal)
                }
                for lang in ("en", None, "id"):
                    if lang in labels:
                        return labels[lang]
        return self.short(node)

    @staticmethod
    def short(node: Node) -> str:
        parts = str(node).rstrip("/").split("/")
        return "/".join(parts[-2:]) if len(parts) >= 2 else str(node)

    def property(self, predicate: Node) -> str:
        """'end date' for hrg:endDate; a property the ontology does not name by its local name."""
        return self.ontology.label(URIRef(str(predicate)), self.LANG)

    def value(self, term: Node | None) -> str:
        """A literal as written; a controlled term by its label; a record by label and id."""
        if isinstance(term, Literal):
            return str(term)
        if (
            term is None
            or (term, None, None) in self.ontology.vocabularies
            or (term, None, None) in self.ontology.terms
        ):
            return self.label(term)
        label, short = self.label(term), self.short(term)
        return short if label == short else f"{label} ({short})"

    @staticmethod
    def written(term: Node) -> str:
        """A term as N-Triples writes it, a literal with its language or datatype: '"X"@en'."""
        return term.n3() if isinstance(term, Literal) else str(term)

    def source(self, source: Node) -> str:
        for graph in self.graphs:
            title = graph.value(source, DCTERMS.title)
            if title is not None:
                return f"{title} ({self.short(source)})"
        return self.short(source)

    def describe(self, iri: URIRef, graph: Graph) -> str:
        kinds = [o for o in graph.objects(iri, RDF.type) if str(o).startswith(ONTOLOGY_IRI)]
        kind = kinds[0] if kinds else None
        if kind == HRG.Tenure:
            holder, post = graph.value(iri, HRG.holder), graph.value(iri, HRG.post)
            text = f"{self.label(HRG.Tenure)} of {self.label(holder)} as {self.label(post)}"
        elif kind in (HRG.Commitment, HRG.Statement):
            said = HRG.text if kind == HRG.Commitment else HRG.statementText
            texts = {o.language: str(o) for o in graph.objects(iri, said) if isinstance(o, Literal)}
            words = texts.get("en") or next(iter(texts.values()), "")
            text = f"{self.label(kind)} “{words[:80]}{'…' if len(words) > 80 else ''}”"
        elif kind == HRG.Observation:
            text = (
                f"{self.label(HRG.Observation)} {self.label(graph.value(iri, HRG.measure))}: "
                f"{graph.value(iri, HRG.value)} {self.property(HRG.asOf)} {graph.value(iri, HRG.asOf)}"
            )
        elif kind == HRG.Source:
            text = f"{self.label(HRG.Source)} {graph.value(iri, DCTERMS.title)}"
        else:
            text = f"{self.label(kind) if kind is not None else 'Node'} {self.label(iri)}"
        return f"{text} ({self.short(iri)})"

    def part(self, node: Node, graph: Graph) -> str:
        """A participation, status report, event or claim, in words."""
        if (node, RDF.type, HRG.Participation) in graph:
            who = self.label(graph.value(node, HRG.participant))
            capacities = sorted(self.label(post) for post in graph.objects(node, HRG.capacity))
            described = graph.objects(node, HRG.capacityDescription)
            words = {o.language: str(o) for o in described if isinstance(o, Literal)}
            if words:
                capacities.append(words.get("en") or min(words.values()))
            return who + (f" as {' and '.join(capacities)}" if capacities else "")
        if (node, RDF.type, HRG.StatusReport) in graph:
            status, as_of = graph.value(node, HRG.status), graph.value(node, HRG.asOf)
            return f"{self.label(status)} {self.property(HRG.asOf)} {as_of}"
        if (node, RDF.type, HRG.InstrumentEvent) in graph:
            party = graph.value(node, HRG.party)
            return (
                f"{self.label(graph.value(node, HRG.eventKind))}"
                + (f" by {self.label(party)}" if party is not None else "")
                + f" on {graph.value(node, HRG.date)}"
            )
        if (node, RDF.type, HRG.Claim) in graph:
            return f"{graph.value(node, HRG.claimProperty)} = {graph.value(node, HRG.claimValue)}"
        return self.short(node)
