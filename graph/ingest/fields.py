"""The curated fields as one table, read from the record models (graph.ingest.records): for each
model and field, the key a curator writes, the predicate it becomes, the kinds of thing an id in
it may name, whether it must be written, whether it holds one value or several, the values it
may take, its pattern and its fix hint.

The loader, the assembly, the reference checks and the error locator ask this table instead of
re-reading pydantic's field info; tests/test_drift.py holds ontology/shapes.ttl to it. Lookups are
cached per model: they are asked for every value of every record.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import BaseModel, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from rdflib import URIRef


def rdf(
    predicate: URIRef,
    *,
    targets: tuple[str, ...] = (),
    alias: str | None = None,
    default: Any = PydanticUndefined,
    lang_from: str | None = None,
    min_length: int | None = None,
    hint: str = "",
) -> Any:
    """A field that becomes `predicate` in the graph. `targets` are the kinds of thing an id in
    it may name; `lang_from` the field giving its language; `hint` how a curator writes it."""
    extra: dict[str, Any] = {"predicate": str(predicate), "targets": list(targets), "hint": hint}
    if lang_from:
        extra["lang_from"] = lang_from
    return Field(default, alias=alias, json_schema_extra=extra, min_length=min_length)


def unmapped(*, default: Any = PydanticUndefined, hint: str = "") -> Any:
    """A field that becomes no triple of its own (an id, the citations, a quote's language)."""
    return Field(default, json_schema_extra={"hint": hint})


@dataclass(frozen=True)
class AtLeastOneOf:
    """A record rule types cannot say: at least one of these fields is written."""

    fields: tuple[str, ...]
    message: str
    hint: str


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model, as a curator writes it and as the graph holds it."""

    name: str
    """The attribute of the model."""
    key: str
    """The key a curator writes (an alias such as `in` or `as`, else the name)."""
    predicate: URIRef | None
    """The predicate it becomes; None for a field that becomes no triple of its own."""
    targets: tuple[str, ...]
    """The kinds of thing an id in it may name (record prefixes or concept schemes); empty when
    it holds no id."""
    required: bool
    """The curator must write it."""
    defaulted: bool
    """Left out, it still takes a value (so the graph always holds one)."""
    many: bool
    """It may hold several values: a list, or text by language."""
    choices: tuple[str, ...]
    """The only values it may take, when it is an enumeration."""
    pattern: str | None
    """The regular expression its text must match, when the model gives one."""
    hint: str
    """How a curator writes it: shown with a problem in it."""
    lang_from: str | None
    """The field whose language tags its text."""
    part: type[BaseModel] | None
    """The model of the nested records it holds (participants, status reports, claims)."""


@cache
def fields_of(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """Every field of a model, by attribute name, in the order the model declares them."""
    return {name: _spec(name, info) for name, info in model.model_fields.items()}


@cache
def fields_by_key(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """Every field of a model, by the key a curator writes."""
    return {spec.key: spec for spec in fields_of(model).values()}


@cache
def fields_by_predicate(model: type[BaseModel]) -> dict[URIRef, FieldSpec]:
    """The fields of a model that become a predicate, by that predicate."""
    found: dict[URIRef, FieldSpec] = {}
    for spec in fields_of(model).values():
        if spec.predicate is not None:
            if spec.predicate in found:
                raise TypeError(f"{model.__name__}: two fields become {spec.predicate}")
            found[spec.predicate] = spec
    return found


def _spec(name: str, info: FieldInfo) -> FieldSpec:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    predicate = extra.get("predicate")
    lang_from = extra.get("lang_from")
    parts = list(_parts(info.annotation, info.metadata))
    return FieldSpec(
        name=name,
        key=info.alias or name,
        predicate=URIRef(str(predicate)) if predicate else None,
        targets=tuple(str(t) for t in extra.get("targets", ()) or ()),  # type: ignore[union-attr]
        required=info.is_required(),
        defaulted=not info.is_required() and info.default is not None,
        many=any(typing.get_origin(p) in (list, dict) or p in (list, dict) for p in parts),
        choices=tuple(
            str(choice)
            for p in parts
            if typing.get_origin(p) is typing.Literal
            for choice in typing.get_args(p)
        ),
        pattern=next((str(p.pattern) for p in parts if getattr(p, "pattern", None)), None),
        hint=str(extra.get("hint", "")),
        lang_from=str(lang_from) if lang_from else None,
        part=next((p for p in parts if isinstance(p, type) and issubclass(p, BaseModel)), None),
    )


def _parts(annotation: Any, metadata: list[Any]) -> Iterator[Any]:
    """Every type and annotation a field's type is made of: through unions, lists, Annotated."""
    for item in metadata:
        yield item
        if isinstance(item, FieldInfo):
            yield from _parts(None, item.metadata)
    if annotation is None:
        return
    yield annotation
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extras = typing.get_args(annotation)
        yield from _parts(inner, extras)
    elif typing.get_origin(annotation) is not typing.Literal:
        for arg in typing.get_args(annotation):
            yield from _parts(arg, [])


@cache
def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """The docstring written under each field of the model (and of the models it extends).

    Read from the source when asked (for a schema, a reference page, a test), not when the
    models are defined: pydantic's use_attribute_docstrings parses every model's source at
    import, which cost every command 0.15 s."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not issubclass(cls, BaseModel) or cls is BaseModel:
            continue
        try:
            source = textwrap.dedent(inspect.getsource(cls))
        except (OSError, TypeError):  # defined where no source can be read
            continue
        statements = ast.parse(source).body[0].body  # type: ignore[attr-defined]
        for field, after in pairwise(statements):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
    return {name: docs[name] for name in model.model_fields if name in docs}
