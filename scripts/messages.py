#!/usr/bin/env python3
"""The interface words' catalogues: extract them from the code and templates, merge into each .po.

    .venv/bin/python scripts/messages.py           # merge the words into each language's .po,
                                                   # list what is untranslated
    .venv/bin/python scripts/messages.py --check   # exit 1 when a .po lacks a word or a translation

Where the words are is said in babel.cfg (Python files: `_`, `gettext`, `N_`, ...; Jinja
templates: `{{ _("...") }}` and `{% trans %}`), so `pybabel extract -F babel.cfg -o
hrgraph.pot .` extracts the same, for a translator's tool. A new word comes into each .po with
an empty translation, for a translator to fill in; a word no longer used is dropped. The .po
files carry no line numbers and keep their dates, so moving code does not change them.
"""

from __future__ import annotations

import argparse
import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
MAPPING = REPO / "babel.cfg"
LOCALE = REPO / "graph" / "locale"
TRANSLATED = ("id", "km")
SAVED_QUERIES = ("graph/sparql/queries/**.rq", "graph.sparql.saved:extract_words")
"""The saved queries' titles and descriptions (babel.cfg's headers cannot name this method)."""
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")
"""`%(name)s` (Jinja's newstyle gettext, `{% trans %}`) or `{name}` (str.format, graph.view.words.fill)."""


def _in_package(path: str) -> bool:
    relative = Path(path).resolve().relative_to(REPO).parts
    return not relative or (relative[0] == "graph" and "__pycache__" not in relative)


def extract(root: Path = REPO) -> Catalog:
    """Every msgid of the code and templates under `root`/graph, with where it is used."""
    with (root / MAPPING.name).open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]
    method_map.append(SAVED_QUERIES)
    catalogue = Catalog(project="hrgraph", domain="hrgraph", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        root, method_map, options_map, directory_filter=_in_package
    ):
        if isinstance(message, tuple):  # a plural: only singular words are used so far
            message = message[0]
        if message:
            catalogue.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalogue


def read_catalogue(lang: str) -> Catalog:
    """The .po of `lang`, or an empty catalogue."""
    path = po_path(lang)
    if not path.is_file():
        return Catalog(locale=lang, project="hrgraph", domain="hrgraph", charset="utf-8", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain="hrgraph")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "hrgraph.po"


def merged(template: Catalog, lang: str) -> Catalog:
    """The .po of `lang` holding exactly the template's msgids, translations kept."""
    catalogue = read_catalogue(lang)
    created = catalogue.creation_date
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.creation_date, catalogue.fuzzy = created, False
    return catalogue


def as_po(catalogue: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalogue, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def placeholders(text: str) -> set[str]:
    """The names a text fills in: {'n'} for '{n} matches' or '%(n)s matches'."""
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def problems(template: Catalog, lang: str) -> list[str]:
    """What keeps a reader of `lang` from seeing every word in it: a msgid with no translation
    (or a fuzzy one), or a translation that loses or invents a placeholder."""
    catalogue = read_catalogue(lang)
    found = []
    for message in template:
        if not message.id:
            continue
        translated: Message | None = catalogue.get(message.id, message.context)
        text = translated.string if translated is not None else ""
        if not isinstance(text, str) or not text or (translated is not None and translated.fuzzy):
            found.append(f"{lang}: no translation of {message.id!r}")
        elif placeholders(text) != placeholders(str(message.id)):
            found.append(f"{lang}: {text!r} does not fill in what {message.id!r} does")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on any problem")
    args = parser.parse_args(argv)
    template = extract()
    for lang in TRANSLATED if not args.check else ():
        po_path(lang).parent.mkdir(parents=True, exist_ok=True)
        po_path(lang).write_bytes(as_po(merged(template, lang)))
    found = [problem for lang in TRANSLATED for problem in problems(template, lang)]
    print("\n".join(found) or f"{len(template)} words, each translated in {', '.join(TRANSLATED)}")
    return 1 if found and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
