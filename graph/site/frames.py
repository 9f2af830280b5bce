"""A page's frame (its template, in one language, at one depth) rendered once, then filled with
each page's values: Jinja ran for every entity page and took about a fifth of the site's time.

The template is rendered with a marker in place of each of the page's own values; its output,
cut at the markers, is kept with the order of the values. A page is then the kept text with its
values put in, escaped as autoescaping escapes them (a `Markup` value as it is). A template
tests values (`{% if subtitle %}`), so the frame is kept per template, settings and which of
the values are empty; the values must be given to the template as they are (no filters), and
a name the template uses but is not given is an error (`StrictUndefined`), not an empty text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

_MARKER = "\x00frame-value-{}\x00"
_MARKERS = re.compile("\x00frame-value-(\\d+)\x00")
_SPECIAL = re.compile("[&<>\"']")

Settings = tuple[tuple[str, Any], ...]
"""What is the same on every page of a frame: names and values (hashable)."""


@dataclass(frozen=True)
class Frame:
    """A template's output cut at its values: `texts[0]`, the value `slots[0]`, `texts[1]`, ..."""

    texts: tuple[str, ...]
    slots: tuple[int, ...]

    def fill(self, values: list[str]) -> str:
        """The page: the frame's texts with `values` (already escaped) in their slots."""
        out = [self.texts[0]]
        for slot, text in zip(self.slots, self.texts[1:], strict=True):
            out.append(values[slot])
            out.append(text)
        return "".join(out)


class Frames:
    """Each template's frames, made on first use."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env.overlay(undefined=jinja2.StrictUndefined)
        self.known: dict[tuple[str, Settings, tuple[str, ...], tuple[bool, ...]], Frame] = {}

    def render(self, template: str, settings: Settings, values: Mapping[str, object]) -> str:
        """`template` with `settings` and the page's `values`."""
        names = tuple(values)
        shape = tuple(bool(value) for value in values.values())
        key = (template, settings, names, shape)
        frame = self.known.get(key)
        if frame is None:
            frame = self.known[key] = self._frame(template, settings, names, shape)
        return frame.fill([_escaped(value) for value in values.values()])

    def _frame(
        self, template: str, settings: Settings, names: tuple[str, ...], shape: tuple[bool, ...]
    ) -> Frame:
        """Render with a marker for every value that is not empty (an empty one is the same on
        every page of the frame)."""
        marked = {
            name: _MARKER.format(number) if full else ""
            for number, (name, full) in enumerate(zip(names, shape, strict=True))
        }
        output = self.env.get_template(template).render(**dict(settings), **marked)
        parts = _MARKERS.split(output)
        return Frame(tuple(parts[0::2]), tuple(int(slot) for slot in parts[1::2]))


def _escaped(value: object) -> str:
    """A value as autoescaping writes it: a `Markup` as it is, anything else as escaped text."""
    if type(value) is Markup:  # written by graph.site.html: as it is (not escape()'s new Markup)
        return str(value)
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return str(escape(value)) if _SPECIAL.search(value) else value
    return str(escape(value))
