"""Read one YAML file safely into plain data, remembering the line of every key and item.

Only the YAML subset a curator needs is accepted: mappings, sequences and plain scalars.
Anchors and aliases, merge keys and explicit tags are refused (no alias bombs, no objects);
a key repeated in one mapping is an error, not a silent overwrite. Dates are kept as the text
the curator wrote, so their precision (year, month or day) is never lost.

Only what RDF and a terminal can carry is read: no control characters (but tabs and line breaks
in text), no lone surrogates, and no number YAML would silently turn into another one (base 60,
octal, hexadecimal, an overflow to infinity or an underflow to 0), each refused at its line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from graph.core.errors import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
PathKey = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_KEEP_AS_TEXT = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}

# Characters refused anywhere in a file as written: control characters but tab, line feed and
# carriage return, and the line separators PyYAML would count as line breaks where an editor
# does not (so every later line number would be off).
UNWRITABLE_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Characters refused in a value once YAML escapes are read: the same, with carriage return, and
# lone surrogates (half of a UTF-16 pair, not a character).
UNWRITABLE_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
C0_NAMES = (
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
)
MAX_INT_DIGITS = 19
INT64_MAX = 2**63 - 1


@dataclass
class YamlDocument:
    """The data of one file and the line of each path in it (1-based)."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    _grouped: dict[PathKey, dict[PathKey, int]] | None = field(default=None, repr=False)

    def lines_under(self, prefix: PathKey) -> dict[PathKey, int]:
        """The lines of the paths under `prefix` (a section's item), relative to it. The table is
        grouped by item once per file, so this stays linear in the file's size."""
        if self._grouped is None:
            grouped: dict[PathKey, dict[PathKey, int]] = {}
            for key, line in self.lines.items():
                if len(key) >= 2:
                    grouped.setdefault(key[:2], {})[key[2:]] = line
            self._grouped = grouped
        if len(prefix) == 2:
            return self._grouped.get(prefix, {})
        return {key[len(prefix) :]: line for key, line in self.lines.items() if key[: len(prefix)] == prefix}

    def line_of(self, path: PathKey) -> int:
        """The line of the longest prefix of `path` that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


class _Refused(Exception):
    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.problem = (line, message, hint)


def read_yaml(
    path: Path, display: str, raw: bytes | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse `path` (or `raw`, its bytes as already read); return the document, or None and the
    problems that stopped it."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [Problem(display, 1, f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                display,
                1,
                f"the file is too large ({len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,})",
                "split it into several files, e.g. one per meeting or per topic",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                display,
                line,
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} in column {column})",
                "save the file as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")  # a byte order mark is not content
    unwritable = _unwritable_character(text, display)
    if unwritable is not None:
        return None, [unwritable]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(display, 1, "the file is empty", "add records, or delete the file")]
    if "&" in text or "*" in text:
        refused = _refuse_anchors(text, display)
        if refused is not None:
            return None, [refused]
    try:
        nodes = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(display, exc, text)]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 1, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(display, 1, "the YAML is nested too deeply")]
    if not nodes:
        return None, [Problem(display, 1, "the file is empty", "add records, or delete the file")]
    if len(nodes) != 1:
        return None, [
            Problem(
                display,
                _line(nodes[1]) if len(nodes) > 1 else 1,
                "the file holds several YAML documents ('---')",
                "keep one document per file",
            )
        ]
    doc = YamlDocument(display, None)
    try:
        doc.lines[()] = _line(nodes[0])
        doc.data = _convert(nodes[0], (), doc.lines, set())
    except _Refused as exc:
        line, message, hint = exc.problem
        return None, [Problem(display, line, message, hint)]
    return doc, []


def describe_character(char: str) -> str:
    """U+001B (ESCAPE): a character named so that a curator can find it."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if not name and 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate, half of a UTF-16 pair"
    elif code < 0x20:
        name = f"the control character {C0_NAMES[code]}"
    elif code == 0x7F or code == 0x85:
        name = "the control character " + ("DEL" if code == 0x7F else "NEL, next line")
    elif not name:
        name = "a control character" if code < 0xA0 else "not a character"
    return f"U+{code:04X} ({name})"


def _unwritable_character(text: str, display: str) -> Problem | None:
    """The first character of the file as written that is refused, at its line and column."""
    match = UNWRITABLE_IN_FILE.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    char = match.group()
    hint = (
        "replace it with an ordinary line break, or a space"
        if char in "\u2028\u2029\x85"
        else "delete it: curated text holds only printable characters, tabs and line breaks"
    )
    return Problem(
        display, line, f"the file holds the character {describe_character(char)} in column {column}", hint
    )


FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> list[Node]:
    """Compose with libyaml when it is there (about 10x faster); on an error, compose again in
    pure Python so that the message and its position are PyYAML's own, the same everywhere."""
    try:
        return list(yaml.compose_all(text, Loader=FAST_LOADER))
    except yaml.YAMLError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def _refuse_anchors(text: str, display: str) -> Problem | None:
    """Refuse the first alias (*name), else the first anchor (&name), reading events only: an
    alias bomb is never expanded, so it is refused fast and in bounded memory."""
    first_anchor: tuple[str, int] | None = None
    anchors: dict[str, int] = {}
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            line = int(event.start_mark.line) + 1 if event.start_mark is not None else 1
            if isinstance(event, yaml.AliasEvent):
                where = f" (its anchor is on line {anchors[anchor]})" if anchor in anchors else ""
                return Problem(
                    display,
                    line,
                    f"the YAML alias '*{anchor}'{where} is not supported",
                    "write the value out in full instead of '&name' / '*name'",
                )
            anchors.setdefault(anchor, line)
            first_anchor = first_anchor or (anchor, line)
    except yaml.YAMLError:
        return None  # the syntax error is reported by the composer, with its position
    if first_anchor is not None:
        return Problem(
            display,
            first_anchor[1],
            f"the YAML anchor '&{first_anchor[0]}' is not supported",
            "write the value out in full instead of '&name' / '*name'",
        )
    return None


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _syntax_problem(display: str, exc: yaml.MarkedYAMLError, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if exc.context and exc.problem and problem.startswith("second occurrence"):
        problem = f"{exc.context.strip()}, {problem}"
    hint = "check the indentation and the quoting on this line"
    if "'\\t'" in problem or "\\t" in problem:
        problem = "a tab character is used for indentation"
        hint = "YAML allows only spaces for indentation: replace the tab with spaces"
    elif "could not find expected ':'" in problem:
        hint = "a key needs ':' after it; quote text that contains ': '"
    elif any(words in problem for words in INDENTED_TOO_FAR):
        above = _indented_under(text, line)
        hint = (
            f"this key is indented more than the one above it (line {above}): give it the same indentation"
            if above is not None
            else "text that contains ': ' must be in quotes, e.g. title: \"Cambodia: a report\""
        )
    return Problem(display, line, f"YAML syntax error: {problem}", hint)


INDENTED_TOO_FAR = (
    "mapping values are not allowed",
    "did not find expected key",
    "but found '<block mapping start>'",
)
"""What YAML's parsers say of a key indented more than the one above it (and, the first, of
text holding ': ' unquoted)."""
KEY_LINE = re.compile(r"( *(?:- +)?)[A-Za-z_][\w-]*:(?: |$)")
"""A line that starts with a key (`    by: ...`, `  - id: ...`), all before the key first (the
key's column)."""


def _indented_under(text: str, line: int) -> int | None:
    """The line of the key above a key written at `line` with more indentation than it, where
    that key holds a value (so the deeper key cannot be inside it): the mistake a curator makes
    when one line is pasted with a few spaces too many."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    here = KEY_LINE.match(lines[line - 1])
    if here is None:
        return None
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        key = KEY_LINE.match(above)
        holds_value = key is not None and above[key.end() :].strip() not in ("", "|", ">")
        deeper = len(here.group(1)) > len(key.group(1)) if key is not None else False
        return number if holds_value and deeper else None
    return None


def _convert(node: Node, path: PathKey, lines: dict[PathKey, int], seen: set[int]) -> Any:
    """The node as plain data; the line of each key and item goes into `lines` (the caller
    sets the node's own)."""
    if id(node) in seen:
        raise _Refused(
            _line(node),
            "YAML anchors and aliases (&name / *name) are not supported",
            "write the value out in full",
        )
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        _plain_tag(node, "tag:yaml.org,2002:seq")
        items = []
        for index, item in enumerate(node.value):
            item_path = (*path, index)
            lines[item_path] = _line(item)
            items.append(_convert(item, item_path, lines, seen))
        return items
    if isinstance(node, MappingNode):
        _plain_tag(node, "tag:yaml.org,2002:map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    _line(key_node),
                    "only plain text keys are supported (no merge keys '<<', no complex keys)",
                )
            key = _text(key_node)
            key_path = (*path, key)
            if key in result:
                raise _Refused(
                    _line(key_node),
                    f"the key '{key}' is repeated in this mapping (first on line {lines[key_path]})",
                    "keep one of them: YAML would silently keep only the last",
                )
            lines[key_path] = _line(key_node)
            result[key] = _convert(value_node, key_path, lines, seen)
        return result
    raise _Refused(_line(node), "unsupported YAML node")  # pragma: no cover


def _plain_tag(node: Node, expected: str) -> None:
    if node.tag != expected:
        raise _Refused(_line(node), f"YAML tags like '{node.tag}' are not supported")


def _scalar(node: ScalarNode) -> Any:
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(
            _line(node),
            f"YAML tags like '{node.tag}' are not supported",
            "remove the '!' tag and write a plain value",
        )
    if node.tag in _KEEP_AS_TEXT:
        return _text(node)
    if node.tag == "tag:yaml.org,2002:int":
        return _integer(node)
    if node.tag == "tag:yaml.org,2002:float":
        return _float(node)
    return SafeConstructor().construct_object(node)


def _text(node: ScalarNode) -> str:
    """The text of a scalar, refused if it holds a character RDF or a terminal cannot carry
    (written as a YAML escape such as "\\e" or "\\ud800": the file itself is checked first, so
    only a double-quoted scalar, the one style with escapes, is searched)."""
    text = str(node.value)
    match = UNWRITABLE_IN_TEXT.search(text) if node.style == '"' else None
    if match is not None:
        raise _Refused(
            _line(node),
            f"the text holds the character {describe_character(match.group())}"
            + (f" after {text[: match.start()][-20:]!r}" if match.start() else " at its start"),
            "delete it: curated text holds only printable characters, tabs and line breaks",
        )
    return text


def _integer(node: ScalarNode) -> int:
    """A whole number written in decimal digits, within the 64 bits the graph stores."""
    text = str(node.value)
    if not DECIMAL_INT.fullmatch(text):
        value = SafeConstructor().construct_yaml_int(node) if len(text) <= 40 else None
        reading = f" (YAML reads it as {value})" if value is not None else ""
        kind = "a base-60 number" if ":" in text else "a number that is not in decimal digits"
        raise _Refused(
            _line(node),
            f"'{text}' is {kind}{reading}",
            "write the number in decimal digits, or put it in quotes if it is text",
        )
    if len(text.lstrip("+-").replace("_", "")) > MAX_INT_DIGITS:
        raise _Refused(
            _line(node),
            f"the number {text[:20]}... has {len(text)} digits: too large for the graph",
            f"a whole number is at most {INT64_MAX:,}",
        )
    value = int(text.replace("_", ""))
    if abs(value) > INT64_MAX:
        raise _Refused(
            _line(node),
            f"the number {text} is too large for the graph",
            f"a whole number is at most {INT64_MAX:,}",
        )
    return value


def _float(node: ScalarNode) -> float:
    """A finite decimal number that YAML reads as the curator wrote it."""
    text = str(node.value)
    hint = "write the figure in decimal digits, e.g. 1200 or 12.5"
    if ":" in text:
        value = SafeConstructor().construct_yaml_float(node) if len(text) <= 40 else None
        reading = f" (YAML reads it as {value})" if value is not None else ""
        raise _Refused(_line(node), f"'{text}' is a base-60 number{reading}", hint)
    value = SafeConstructor().construct_yaml_float(node)
    if math.isnan(value):
        raise _Refused(_line(node), f"'{text}' is not a number", hint)
    if math.isinf(value):
        what = "infinite" if "inf" in text.lower() else "too large: it would become infinity"
        raise _Refused(_line(node), f"the number '{text}' is {what}", hint)
    mantissa = re.split("[eE]", text)[0]
    if value == 0 and any(digit in "123456789" for digit in mantissa):
        raise _Refused(_line(node), f"the number '{text}' is too small: it would become 0", hint)
    return float(value)
