"""The ontology folder: OWL terms, SHACL shapes and SKOS vocabularies, read from Turtle."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from graph.core.errors import DataInvalid, Problem
from graph.core.languages import DEFAULT_LANGUAGE
from graph.core.ontology_dir import SHAPES_FILE
from graph.core.ontology_dir import default_ontology_dir as default_ontology_dir
from graph.core.vocab import RDF, RDFS, SKOS, VOCABULARY_BASE

ONTOLOGY_FILE = "hrgraph.ttl"


@dataclass
class Ontology:
    """The parsed ontology folder."""

    directory: Path
    terms: Graph
    shapes: Graph
    vocabularies: Graph
    concepts: dict[str, URIRef] = field(default_factory=dict)

    def concept_kinds(self) -> set[str]:
        """The kinds of concept curators may name, e.g. topic, status, org-kind."""
        return {short.split("/", 1)[0] for short in self.concepts}

    @cached_property
    def labels(self) -> dict[URIRef, dict[str, str]]:
        """The name of every class, property, scheme and concept, by language: its rdfs:label
        or skos:prefLabel (one per language; a literal without a language counts as English)."""
        found: dict[URIRef, dict[str, str]] = {}
        for graph in (self.terms, self.vocabularies):
            for predicate in (RDFS.label, SKOS.prefLabel):
                for term, label in sorted(graph.subject_objects(predicate)):
                    if isinstance(term, URIRef) and isinstance(label, Literal):
                        found.setdefault(term, {}).setdefault(label.language or DEFAULT_LANGUAGE, str(label))
        return found

    def label(self, term: URIRef, lang: str) -> str:
        """A term's name in `lang`, else in English, else its local name ('postIn')."""
        names = self.labels.get(term, {})
        return names.get(lang) or names.get(DEFAULT_LANGUAGE) or local_name(term)


def local_name(term: URIRef) -> str:
    """'https://w3id.org/hrgraph/ontology#MeetingSeries' → 'MeetingSeries'."""
    return re.split(r"[#/]", str(term).rstrip("/#"))[-1]


@cache
def shipped_ontology() -> Ontology:
    """The ontology that comes with the code, whatever --ontology says: the view and the site
    word the code's own terms (the kinds it draws, the links it follows) with its labels. When
    this process already parsed a folder of the same files, byte for byte (a build's own
    --ontology, most often the same folder), that parse is taken, not made again."""
    directory = _packaged_ontology_dir()
    parsed = _PARSED.get(_files_digest(directory))
    if parsed is not None:
        return replace(parsed, directory=directory, concepts=dict(parsed.concepts))
    return load_ontology(directory)


_PARSED: dict[str, Ontology] = {}
"""The last ontology `load_ontology` parsed, by `_files_digest` of its folder (one entry)."""


def _files_digest(directory: Path) -> str:
    """A digest of the folder's Turtle files: their names and bytes ('' if one cannot be read)."""
    digest = hashlib.sha256()
    try:
        for path in sorted(directory.glob("*.ttl")):
            content = path.read_bytes()
            digest.update(f"{path.name}\n{len(content)}\n".encode() + content)
    except OSError:
        return ""
    return digest.hexdigest()


def _packaged_ontology_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "ontology"
    return packaged if packaged.is_dir() else package.parent / "ontology"


def load_ontology(directory: Path) -> Ontology:
    """Parse every Turtle file of the folder; problems are reported with their file and line."""
    problems: list[Problem] = []
    if not (directory / ONTOLOGY_FILE).is_file():
        raise DataInvalid(
            [
                Problem(
                    str(directory / ONTOLOGY_FILE),
                    1,
                    "the ontology is missing",
                    "run hrgraph from the project folder, or pass --ontology DIR",
                )
            ]
        )
    digest = _files_digest(directory)
    terms, shapes, vocabularies = Graph(), Graph(), Graph()
    vocabulary_files = []
    for path in sorted(directory.glob("*.ttl")):
        target = shapes if path.name == SHAPES_FILE else terms if path.name == ONTOLOGY_FILE else vocabularies
        if target is vocabularies:
            vocabulary_files.append(path)
        try:
            target.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            problems.append(turtle_problem(str(path), exc))
    problems += [] if problems else unclassed_concepts(vocabularies, vocabulary_files)
    if problems:
        raise DataInvalid(problems)
    concepts = {
        str(concept)[len(VOCABULARY_BASE) :]: URIRef(str(concept))
        for concept in vocabularies.subjects(RDF.type, SKOS.Concept)
        if str(concept).startswith(VOCABULARY_BASE)
    }
    ontology = Ontology(directory, terms, shapes, vocabularies, dict(sorted(concepts.items())))
    _PARSED.clear()
    if digest and digest == _files_digest(directory):  # not edited while parsed
        _PARSED[digest] = ontology
    return ontology


def unclassed_concepts(vocabularies: Graph, files: list[Path]) -> list[Problem]:
    """Each term put in a scheme (skos:inScheme) but not said to be a skos:Concept, at its line:
    a typo in its class ('skos:Concpt') would else show only as every record that names it
    refused, in the sources, with a hint to add what is there."""
    problems = []
    names = vocabularies.namespace_manager
    for term in sorted({s for s in vocabularies.subjects(SKOS.inScheme, None) if isinstance(s, URIRef)}):
        if (term, RDF.type, SKOS.Concept) in vocabularies:
            continue
        name = names.normalizeUri(term)
        classes = ", ".join(sorted(names.normalizeUri(str(t)) for t in vocabularies.objects(term, RDF.type)))
        file, line = _written_at(files, name, term)
        problems.append(
            Problem(
                file,
                line,
                f"{name} is in a scheme but its class is {classes or 'not given'}, not skos:Concept",
                "write it as 'a skos:Concept'",
            )
        )
    return problems


def _written_at(files: list[Path], name: str, term: URIRef) -> tuple[str, int]:
    """The file and line where a term is described first: its line that starts with its name."""
    for path in files:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.startswith((f"{name} ", f"<{term}> ")):
                return str(path), number
    return str(files[0]) if files else "", 1


def turtle_problem(file: str, error: Exception) -> Problem:
    """A Turtle parser's error worded for a curator: the line, what is wrong and the line's text
    up to where the parser stopped (rdflib's own message shows the file's bytes as Python reprs)."""
    why, read, at = getattr(error, "_why", None), getattr(error, "_str", None), getattr(error, "_i", None)
    if not isinstance(why, str) or not isinstance(read, bytes) or not isinstance(at, int):
        match = re.search(r"line (\d+)", str(error))
        return Problem(file, int(match.group(1)) if match else 1, f"invalid Turtle: {error}")
    text = read.decode("utf-8", errors="replace")  # rdflib keeps the text as bytes, its index in characters
    start = text.rfind("\n", 0, at) + 1
    line = text.count("\n", 0, start) + 1
    before = text[start:at].strip()
    shown = before if len(before) <= SHOWN_TURTLE else "…" + before[-SHOWN_TURTLE:]
    hint = f"the line reads “{shown}” where the parser stopped" if shown else "at the start of the line"
    return Problem(file, line, f"invalid Turtle: {why}", hint)


SHOWN_TURTLE = 60
"""How much of a bad Turtle line, up to the fault, a problem shows."""
