"""The site's search index: SHARDS JavaScript files per language that the search box loads.

Pages open from file://, where a script may not fetch a JSON file, so the index is scripts,
`site/<lang>/search-index-<n>.js` (n from 0 to SHARDS - 1), each adding its part to
`window.HRG_SEARCH`. A page is in the part `shard_of` its address, so a renamed or new page
rewrites one part of each language, not the whole index (6.6 MB a language at 100,000
records). Each part holds its entries to show and a MiniSearch index of their names, built
here; search.js puts the parts together into one engine, in the parts' order (the same scores
as one index of every entry): loading it costs a browser about a quarter of indexing the
names itself (at 60,000 entries, 0.3 s of CPU against 1.3 s). Words are folded as
assets/search.js folds a query: lower-case, decomposed, without combining diacritical marks,
split at every character that is not a letter, digit or mark. Words in scripts written without
spaces (Khmer, Thai, Lao, Myanmar) are not indexed: search.js finds them as parts of the names
themselves.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SHARDS = 8
"""Parts of each language's index (search.js loads as many: `var PARTS`). Each part is a file the
browser loads: at 10,000 records 8 parts answered the first key about 70 ms later than one
index, 32 parts about 150 ms (scripts/bench_site_open.py); a rename rewrites an eighth."""


def index_file(shard: int) -> str:
    """The file of a part of a language's index, in the language's folder."""
    return f"search-index-{shard}.js"


INDEX_FILES = tuple(index_file(shard) for shard in range(SHARDS))
"""Every part's file, in the parts' order."""

# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer (and its symbols).
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff]")
# Deleted after decomposition: the combining diacritical marks (đ, which does not decompose,
# becomes d).
_DIACRITICS = re.compile("[\u0300-\u036f]")
_FIELD = "names"
SCRIPT_START = "(window.HRG_SEARCH = window.HRG_SEARCH || []).push(JSON.parse("
_PAGE_SUFFIX = ".html"


Shown = tuple[str, str, str, str]
"""A page as the search shows it: its address, kind and title, and the title's language when it
is not the page's (else "")."""


@dataclass(frozen=True)
class SearchEntry:
    """One page the search can find."""

    page: str  # path relative to the language folder, e.g. "person/keo-remy.html"
    kind: str  # the kind's words in the page's language, e.g. "Person"/"Orang"
    title: str  # the name in the page's language, else in `fallback`'s
    names: tuple[str, ...]  # every name and alias in every language
    fallback: str = ""  # the language of the title when it is not the page's (search.js marks it)

    @classmethod
    def of(cls, shown: Shown, names: tuple[str, ...]) -> SearchEntry:
        page, kind, title, fallback = shown
        return cls(page, kind, title, names, fallback)


def fold(text: str) -> str:
    """Lower-case, without diacritics: "Việt Nam" -> "viet nam" (Khmer signs are kept)."""
    return _DIACRITICS.sub("", unicodedata.normalize("NFD", text.lower())).replace("đ", "d")


def shard_of(page: str) -> int:
    """The part of the index a page is in, by its address (the same from one build to the next)."""
    return zlib.crc32(page.encode("utf-8", "surrogatepass")) % SHARDS


def search_index_files(entries: Sequence[SearchEntry], not_here: str = "") -> dict[str, bytes]:
    """Every part of a language's index (`index_file` name: its script), the entries in their
    order within each part."""
    parts: list[list[SearchEntry]] = [[] for _ in range(SHARDS)]
    for entry in entries:
        parts[shard_of(entry.page)].append(entry)
    return {index_file(shard): search_index_script(part, shard, not_here) for shard, part in enumerate(parts)}


def search_index_script(entries: Sequence[SearchEntry], part: int = 0, not_here: str = "") -> bytes:
    """A part of the index as a script: `(window.HRG_SEARCH = window.HRG_SEARCH || []).push(
    JSON.parse('{"part": n, "folders": [...], "kinds": [...], "entries": [...], "index": {...}}'))`,
    UTF-8 with a byte-order mark (so read as UTF-8 whatever the page says).

    Each entry is `[folder number, name, kind number, title]` (the page is the folder, the name
    and `.html`), with a fifth item, the other names written in an unspaced script, when there
    are any (search.js searches those itself), and a sixth, the title's language, when it is not
    the page's (the fifth is then written, if empty); folders and kinds are written once, and
    `notHere`, the words the mark of such a title says (`fallback_mark`). `index` is a
    MiniSearch index (serialisation version 2) in a compact form that search.js puts into
    MiniSearch itself: its document ids are the entries' positions in the part (search.js adds
    the earlier parts' entries to them), and each word's documents are
    a list of numbers, each the distance from the last one (the first: from 0), followed by its
    count, negated, where the word is there more than once. JSON.parse of a string is read faster
    by browsers than an object literal of the same size.
    """
    folders: dict[str, int] = {}
    kinds: dict[str, int] = {}
    rows: list[list[object]] = []
    for entry in entries:
        folder, name = _folder_and_name(entry.page)
        row: list[object] = [
            folders.setdefault(folder, len(folders)),
            name,
            kinds.setdefault(entry.kind, len(kinds)),
            entry.title,
        ]
        unspaced = [
            name for name in dict.fromkeys(entry.names) if name != entry.title and UNSPACED.search(name)
        ]
        if unspaced or entry.fallback:
            row.append(unspaced)
        if entry.fallback:
            row.append(entry.fallback)
        rows.append(row)
    shown = json.dumps(
        {"folders": list(folders), "kinds": list(kinds), "entries": rows, "notHere": not_here},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    index = _index_json(tuple(_searched_names(entry) for entry in entries))
    data = f'{{"part":{part},' + shown[1:-1] + ',"index":' + index + "}"
    script = f"\ufeff{SCRIPT_START}{_js_string(data)}));\n"
    # a lone surrogate (no UTF-8 for it) is written as the JavaScript escape \udXXX
    return script.encode("utf-8", "backslashreplace")


def _folder_and_name(page: str) -> tuple[str, str]:
    """The folder and name of a page: person/keo-remy.html -> ("person/", "keo-remy")."""
    if not page.endswith(_PAGE_SUFFIX):
        raise ValueError(f"a page the search finds must be an {_PAGE_SUFFIX} file: {page}")
    folder, _, name = page[: -len(_PAGE_SUFFIX)].rpartition("/")
    return (folder + "/" if folder else ""), name


def _searched_names(entry: SearchEntry) -> tuple[str, ...]:
    """The names an entry is found by: its names, and its title when that is none of them."""
    return entry.names if entry.title in entry.names else (entry.title, *entry.names)


@lru_cache(maxsize=SHARDS)
def _index_json(names: tuple[tuple[str, ...], ...]) -> str:
    """The index of one field, every entry's names, in search_index_script's compact form; with
    the field lengths as a list; cached, as the three languages' files index the same names
    (each title is one of them: a part's, when every part of a language is made in turn)."""
    texts = ["\n".join(dict.fromkeys(fold(name) for name in each)) for each in names]
    separators = _separators(set("".join(texts)))
    postings: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    lengths: list[int] = []
    for number, text in enumerate(texts):
        words = [word for word in separators.split(text) if word and not UNSPACED.search(word)]
        lengths.append(len(set(words)))
        for word, count in Counter(words).items():
            found = postings.setdefault(word, [])
            found.append(number - last.get(word, 0))
            last[word] = number
            if count > 1:
                found.append(-count)
    count = len(texts)
    index: dict[str, Any] = {
        "documentCount": count,
        "nextId": count,
        "fieldIds": {_FIELD: 0},
        "lengths": lengths,
        "averageFieldLength": [sum(lengths) / count if count else 0],
        "storedFields": {},
        "dirtCount": 0,
        "index": list(postings.items()),
        "serializationVersion": 2,
    }
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def _separators(chars: set[str]) -> re.Pattern[str]:
    """Splits at every run of the characters that are not a letter, digit or mark (as search.js
    does with /[^\\p{L}\\p{N}\\p{M}]+/u), written out for the characters of the text."""
    separating = sorted(char for char in chars | {" "} if unicodedata.category(char)[0] not in "LNM")
    return re.compile("[" + "".join(re.escape(char) for char in separating) + "]+")


def _js_string(text: str) -> str:
    """Text as a single-quoted JavaScript string literal (JSON text: no raw line breaks)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
