"""A page's values, sections, endnotes and drawing as HTML, written in Python: what the
templates' macros wrote, the same bytes, without a Jinja macro call per value (those calls were
60 % of the site's time). Everything from the data is escaped by markupsafe, as autoescaping
did; interface words are the catalogue's, trusted as Jinja's gettext trusts them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from graph.core.messages import NOT_IN_THIS_LANGUAGE
from graph.site.addresses import relative
from graph.site.drawing import Sketch
from graph.site.facts import Endnotes, Named, Source, Value
from graph.site.parts import PartTable
from graph.site.sections import Bars, FactList, Prose, Section, Table
from graph.view.dates import human_date


@dataclass(frozen=True)
class Words:
    """The interface words the HTML of values needs, in one language (from its catalogue)."""

    gettext: Callable[[str], str]
    not_here: Markup = field(init=False)
    note: Markup = field(init=False)
    sources: Markup = field(init=False)
    parts: Markup = field(init=False)
    source_number: Markup = field(init=False)
    source_range: Markup = field(init=False)
    said_once: Markup = field(init=False)

    labels: dict[int, str] = field(init=False, default_factory=dict, compare=False)
    """Each endnote number's label ('Source 3'), made once."""

    def __post_init__(self) -> None:
        gettext = self.gettext
        words = {  # as Jinja's newstyle gettext writes a word: the translation, then `% {}`
            "not_here": Markup(gettext(NOT_IN_THIS_LANGUAGE)) % {},
            "note": Markup(gettext("Note")) % {},
            "sources": Markup(gettext("Sources")) % {},
            "parts": Markup(gettext("Pages of this list")) % {},
            "source_number": Markup(gettext("Source %(number)s")),
            "source_range": Markup(gettext("Sources %(first)s to %(last)s")),
            "said_once": Markup(gettext("Every fact below: %(confidence)s")),
        }
        for name, text in words.items():
            object.__setattr__(self, name, text)

    def source_label(self, number: int) -> str:
        label = self.labels.get(number)
        if label is None:
            label = self.labels[number] = str(self.source_number % {"number": number})
        return label


RANGE_FROM = 3
"""Consecutive endnote numbers from this many on are written as a range: 1–4, not 1, 2, 3, 4."""


def number_runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Endnote numbers as runs of consecutive ones, each (first, last), in order: [4, 1, 2, 3,
    7] gives [(1, 4), (7, 7)]; a number given twice counts once."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _esc(value: str) -> str:
    """`value` escaped as markupsafe escapes it; most texts need nothing (five searches for a
    character cost less than one regular expression's)."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return str(escape(value))
    return value


class _Escaped(dict[str, str]):
    """Interface words (captions, headings, column names) escaped once: a few hundred texts."""

    def __missing__(self, text: str) -> str:
        escaped = self[text] = _esc(text)
        return escaped


def link(page: str, target: str) -> str:
    """An address as written on `page`: outside addresses as they are, site pages relative (what
    posixpath.relpath gives, without its calls to the file system's current folder)."""
    if target.startswith(("https://", "http://", "#")):
        return target
    if not (_plain(page) and _plain(target)):
        return relative(page, target)
    folders = page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < min(len(folders), len(parts)) and folders[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folders) - common) + parts[common:]) or "."


def _plain(path: str) -> bool:
    """A relative path with no empty, '.' or '..' part."""
    return all(part not in ("", ".", "..") for part in path.split("/"))


class Folders:
    """The way from each folder of the site to each other one ('../meeting/'), found once: a
    link is then the way to its target's folder and the target's name."""

    def __init__(self) -> None:
        self.ways: dict[tuple[str, str], str | None] = {}

    def way(self, page: str, folder: str) -> str | None:
        """From `page`'s folder to `folder` ('' for the top), ending with '/' unless empty;
        None when either is not a plain path (its links are then made one by one)."""
        here = page.rpartition("/")[0]
        way = self.ways.get((here, folder), "?")
        if way == "?":
            plain = _plain(page) and (not folder or _plain(folder))
            # a name no folder has: the way to it is the way to the folder
            way = link(page, f"{folder}/\x00" if folder else "\x00")[:-1] if plain else None
            self.ways[(here, folder)] = way
        return way


class ListParts:
    """The links to every page of a list cut into pages, on each of them (what listing.html.j2
    wrote with a loop: at 100k records a list of 276 pages links 276 pages from each). Each
    list's links are written once per folder; a page then marks itself among them."""

    def __init__(self) -> None:
        self.written: dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple[str, str, str]]] = {}

    def html(self, path: str, parts: list[tuple[str, str]]) -> Markup:
        """The list's pages, linked from `path`, the page at `path` marked as the current one."""
        here = path.rpartition("/")[0]
        key = (here, tuple(parts))
        written = self.written.get(key)
        if written is None:
            written = self.written[key] = [
                (
                    address,
                    f'<span aria-current="page">{_esc(label)}</span> ',
                    f'<a href="{_esc(link(path, address))}">{_esc(label)}</a> ',
                )
                for label, address in parts
            ]
        return Markup("".join(current if address == path else other for address, current, other in written))


FRAGMENTS_KEPT = 250_000
"""Fragments of HTML one language keeps before it forgets them all and starts again: enough for
every name of a 10k-record site; at 100k records it bounds what each process holds."""


class _Folder:
    """What is written the same way on every page of one folder: the address of each target,
    each named thing (its link), each source's endnote."""

    def __init__(self) -> None:
        self.links: dict[str, str] = {}
        self.hrefs: dict[str, str] = {}
        self.named: dict[int, tuple[Named, str]] = {}
        """Each named thing's HTML by the thing's id(), kept with it (so its id is not another's)."""

    def __len__(self) -> int:
        return len(self.links) + len(self.hrefs) + len(self.named)


class Fragments:
    """HTML written once in one language and put on every page it belongs on: a thing's name
    and link (per folder, since links are relative), a source's endnote (per folder) and the
    title of its marks, the interface words escaped. Every page of a site names the same few
    things again and again (a country, a post, a person's meetings); writing each once was a
    third of the pages' HTML. Kept up to `limit` fragments, then forgotten and made anew."""

    def __init__(self, limit: int = FRAGMENTS_KEPT) -> None:
        self.limit = limit
        self.folders: dict[str, _Folder] = {}
        self.words = _Escaped()
        self.pages = 0

    def folder(self, page: str) -> _Folder:
        """The fragments of `page`'s folder (counted every 256 pages, all forgotten past the limit)."""
        self.pages += 1
        if not self.pages % 256 and self.size() > self.limit:
            self.folders.clear()
            self.words.clear()
        here = page.rpartition("/")[0]
        folder = self.folders.get(here)
        if folder is None:
            folder = self.folders[here] = _Folder()
        return folder

    def size(self) -> int:
        return sum(len(folder) for folder in self.folders.values()) + len(self.words)


def fallback_mark(words: Words, lang: str, missing: bool = True) -> str:
    """The mark of a text, or what a link leads to, in another language than the page's:
    ' (en)', saying (when `missing`) that the page's language has none."""
    lang = _esc(lang)
    title = f' title="{words.not_here}"' if missing else ""
    return f' <span class="fallback" lang="{lang}"{title}>({lang})</span>'


class PageHtml:
    """Writes the HTML of one page's parts; sources are numbered as endnotes as they are cited.
    Pages written with the same `fragments` (one language's) share what they write alike."""

    def __init__(
        self,
        path: str,
        lang: str,
        words: Words,
        folders: Folders | None = None,
        fragments: Fragments | None = None,
    ) -> None:
        self.path = path
        self.lang = lang
        self.words = words
        self.folders = folders or Folders()
        self.fragments = fragments or Fragments()
        self.endnotes = Endnotes()
        self.marked: dict[Source, str] = {}
        self.said_once = ""
        """The confidence the section being written says once, above its values, for all."""
        folder = self.fragments.folder(path)
        self.links = folder.links
        self.hrefs = folder.hrefs
        self.named_html = folder.named
        self.escaped = self.fragments.words

    def link(self, target: str) -> str:
        address = self.links.get(target)
        if address is None:
            if target.startswith(("https://", "http://", "#")):
                address = target
            else:
                folder, _, name = target.rpartition("/")
                way = self.folders.way(self.path, folder) if name not in ("", ".", "..") else None
                address = way + name if way is not None else link(self.path, target)
            self.links[target] = address
        return address

    def href(self, target: str) -> str:
        """The address of `target` from this page, escaped for an attribute."""
        href = self.hrefs.get(target)
        if href is None:
            href = self.hrefs[target] = _esc(self.link(target))
        return href

    def date(self, value: str) -> str:
        return human_date(value, self.lang)

    # ------------------------------------------------------------ values

    def named(self, part: Named) -> str:
        if not (part.page or part.fallback):  # a plain text: nothing to remember
            return _esc(part.text)
        known = self.named_html.get(id(part))
        if known is not None and known[0] is part:
            return known[1]
        html = self._named(part)
        self.named_html[id(part)] = (part, html)
        return html

    def _named(self, part: Named) -> str:
        text = _esc(part.text)
        if not part.fallback:  # most names: in the page's language
            return f'<a href="{self.href(part.page)}">{text}</a>' if part.page else text
        fallback = _esc(part.fallback)
        if part.page:
            lang = f' lang="{fallback}"' if fallback else ""
            html = f'<a href="{self.href(part.page)}"{lang}>{text}</a>'
        elif fallback:
            html = f'<span lang="{fallback}">{text}</span>'
        else:
            html = str(text)
        return html + self.fallback(fallback) if fallback else html

    def fallback(self, lang: str, missing: bool = True) -> str:
        """The mark of a text shown in another language than the page's (`fallback_mark`)."""
        return fallback_mark(self.words, lang, missing)

    def marks(self, value: Value) -> str:
        html = ""
        sources = value.sources
        if len(sources) == 1:
            html = '<sup class="marks">' + self.mark(sources[0]) + "</sup>"
        elif sources:
            html = '<sup class="marks">' + self.runs(sources) + "</sup>"
        if value.confidence and value.confidence != self.said_once:
            html += f' <span class="confidence">{self.escaped[value.confidence]}</span>'
        return html

    def runs(self, sources: list[Source]) -> str:
        """Several sources' marks in the order of their numbers, a run of RANGE_FROM or more
        consecutive ones as a range whose ends lead to its first and last endnotes (the ones
        between follow the first in the list)."""
        mark, numbers = self.mark, self.endnotes.numbers
        for note in sources:
            mark(note)  # numbered when first marked
        by_number = {numbers[note]: note for note in sources}
        written: list[str] = []
        for first, last in number_runs(list(by_number)):
            if last - first + 1 < RANGE_FROM:
                written.extend(mark(by_number[number]) for number in range(first, last + 1))
                continue
            label = self.words.source_range % {"first": first, "last": last}
            opening = mark(by_number[first]).replace(
                f'aria-label="{self.words.source_label(first)}"', f'aria-label="{label}"', 1
            )
            written.append(f"{opening}–{mark(by_number[last])}")
        return ",".join(written)

    def mark(self, note: Source) -> str:
        """A source's mark: made when the page first cites it, then the same."""
        mark = self.marked.get(note)
        if mark is None:
            mark = self.marked[note] = self._mark(note)
        return mark

    def _mark(self, note: Source) -> str:
        # a source not yet marked on the page is not yet numbered: the next number is its own
        # (what Endnotes.number gives, without asking it three times for the source's hash)
        endnotes = self.endnotes
        endnotes.notes.append(note)
        number = endnotes.numbers[note] = len(endnotes.notes)
        title = _esc(note.title)
        if note.publisher:
            title += f" — {_esc(note.publisher)}"
        if note.issued:
            title += f", {_esc(self.date(note.issued))}"
        label = self.words.source_label(number)
        return f'<a class="cite" href="#n{number}" title="{title}" aria-label="{label}">{number}</a>'

    def note(self, value: Value) -> str:
        if not value.note:
            return ""
        text = _esc(value.note)
        if value.note_lang:
            lang = _esc(value.note_lang)
            text = f'<span lang="{lang}">{text}</span>{self.fallback(lang)}'
        return f'<p class="note"><span class="note-label">{self.words.note}:</span> {text}</p>'

    def show(self, value: Value) -> str:
        """A value: its parts, its sources' marks, its confidence and its note."""
        parts = value.parts
        if len(parts) == 1:
            html = self.named(parts[0])
        else:
            named = self.named
            html = ", ".join([named(part) for part in parts])
        if value.sources or value.confidence:
            html += self.marks(value)
        return html + self.note(value) if value.note else html

    # ------------------------------------------------------------ sections

    def sections(self, sections: list[Section]) -> Markup:
        return Markup("".join([self.section(s) for s in sections]))

    def section(self, s: Section) -> str:
        if isinstance(s, Table):
            return self.table(s) if s.rows else ""
        if isinstance(s, FactList):
            return self.facts(s) if s.rows else ""
        if isinstance(s, Prose):
            return self.prose(s) if s.paragraphs else ""
        if isinstance(s, Bars):
            return self.bars(s) if s.bars else ""
        return ""

    def said_once_above(self, values: Iterable[Value]) -> str:
        """When every cited value of a section has the same confidence, and there are several:
        that confidence, said once above them (and no longer after each); else nothing."""
        shared = ""
        count = 0
        for value in values:
            if not (value.sources or value.confidence):
                continue
            if not value.confidence or (shared and value.confidence != shared):
                return ""
            shared = value.confidence
            count += 1
        return shared if count > 1 else ""

    def said_once_html(self) -> str:
        if not self.said_once:
            return ""
        confidence = f'<span class="confidence">{self.escaped[self.said_once]}</span>'
        return f'<p class="said-once">{self.words.said_once % {"confidence": Markup(confidence)}}</p>'

    def facts(self, s: FactList) -> str:
        escaped, show = self.escaped, self.show
        self.said_once = self.said_once_above(value for _, value in s.rows)
        rows = "".join(
            [f"<div><dt>{escaped[caption]}</dt><dd>{show(value)}</dd></div>\n" for caption, value in s.rows]
        )
        above, self.said_once = self.said_once_html(), ""
        return f'<section class="facts"><h2>{escaped[s.heading]}</h2>{above}<dl>\n{rows}</dl></section>\n'

    def table(self, s: Table) -> str:
        escaped, show = self.escaped, self.show
        anchor = f' id="{escaped[s.anchor]}"' if s.anchor else ""
        columns = "".join([f'<th scope="col">{escaped[column]}</th>' for column in s.columns])
        tags = s.tags
        self.said_once = self.said_once_above(value for row in s.rows for value in row)
        body = []
        for number, row in enumerate(s.rows):
            cells = "<td>" + "</td><td>".join([show(value) for value in row]) + "</td>" if row else ""
            if tags:
                tagged = "".join([f' data-{escaped[key]}="{_esc(tag)}"' for key, tag in tags[number].items()])
                body.append(f"<tr{tagged}>{cells}</tr>\n")
            else:
                body.append(f"<tr>{cells}</tr>\n")
        count, parts = (s.total, self.parts(s.parts)) if isinstance(s, PartTable) else (len(s.rows), "")
        above, self.said_once = self.said_once_html(), ""
        return (
            f'<section class="table"{anchor}><h2>{escaped[s.heading]} '
            f'<span class="count">({count})</span></h2>{above}\n'
            f'<div class="scroll"><table><thead><tr>{columns}</tr></thead>\n'
            f"<tbody>{''.join(body)}</tbody></table></div>{parts}</section>\n"
        )

    def parts(self, parts: list[tuple[str, str]]) -> str:
        """Links to every page of a table cut short, the first (this one) marked."""
        if not parts:
            return ""
        links = "".join(
            f'<span aria-current="page">{_esc(label)}</span> '
            if number == 0
            else f'<a href="{self.href(address)}">{_esc(label)}</a> '
            for number, (label, address) in enumerate(parts)
        )
        return f'<nav class="parts" aria-label="{self.words.parts}">{links}</nav>'

    def prose(self, s: Prose) -> str:
        paragraphs = []
        # a paragraph in another language than the page's is marked, as a name is: the reader
        # knows the English original of a commitment from its Indonesian text
        langs = [value.parts[0].fallback if value.parts else "" for value in s.paragraphs]
        missing = self.lang not in langs  # each stands in for the page's language
        for value, first in zip(s.paragraphs, langs, strict=True):
            lang = f' lang="{_esc(first)}"' if first else ""
            texts = "".join(_esc(part.text) for part in value.parts)
            if first and first != self.lang:
                texts += self.fallback(first, missing)
            paragraphs.append(f"<p{lang}>{texts}{self.marks(value)}</p>\n{self.note(value)}")
        return f'<section class="prose"><h2>{self.escaped[s.heading]}</h2>\n{"".join(paragraphs)}</section>\n'

    def bars(self, s: Bars) -> str:
        items = "".join(
            f'<li><span class="bar-label">{_esc(label)}</span><span class="bar bar-{escape(width)}"></span>'
            f'<span class="bar-value">{self.show(value)}</span></li>\n'
            for label, width, value in s.scaled()
        )
        heading = self.escaped[s.heading]
        return f'<section class="bars"><h2>{heading}</h2>\n<ul class="chart">{items}</ul></section>\n'

    def sources_list(self) -> Markup:
        """The sources cited so far, numbered (after the sections: they number them)."""
        if not self.endnotes.notes:
            return Markup("")
        items = [
            f'<li id="n{number}">{self._endnote(note)}'
            for number, note in enumerate(self.endnotes.notes, start=1)
        ]
        return Markup(
            f'<section class="endnotes" id="sources"><h2>{self.words.sources}</h2><ol>\n'
            f"{''.join(items)}</ol></section>\n"
        )

    def _endnote(self, note: Source) -> str:
        """A source as an endnote, after its number: title, publisher, date, address, quote."""
        item = f'<a href="{self.href(note.page)}">{_esc(note.title)}</a>'
        if note.publisher:
            item += f", {_esc(note.publisher)}"
        if note.issued:
            item += f", {_esc(self.date(note.issued))}"
        item += ".\n"
        if note.url:
            url = _esc(note.url)
            item += f' <a class="address" href="{url}" rel="noopener noreferrer">{url}</a>'
        if note.locator:
            item += f' <span class="locator">{_esc(note.locator)}</span>'
        if note.quote:
            item += f"<blockquote>{_esc(note.quote)}</blockquote>"
        return item + "</li>\n"

    # ------------------------------------------------------------ the drawing

    def sketch(self, sketch: Sketch, names: list[Named]) -> Markup:
        """The drawing's lines and nodes, each node's name linked to its page. A name cut short
        keeps the whole in its node's title (what a screen reader says, and a pointer's tip)."""
        spots = sketch.spots
        places = [(f'"{spot.x}"', f'"{spot.y}"') for spot in spots]  # each number written once
        lines = "".join(
            [
                f"<line x1={places[a][0]} y1={places[a][1]} x2={places[b][0]} y2={places[b][1]} "
                'stroke="#9aa5b1" stroke-width="1.5"/>\n'
                for a, b in sketch.lines
            ]
        )
        escaped, label = self.escaped, sketch.label
        nodes = []
        for number, (spot, name) in enumerate(zip(spots, names, strict=True)):
            first = number == 0
            anchor = spot.anchor
            x = spot.x + (0 if anchor == "middle" else 10 if anchor == "start" else -10)
            y = spot.y - 14 if anchor == "middle" else spot.y + 4
            cut = len(name.text) > label
            text = name.text[: label - 1] + "…" if cut else name.text
            cx, cy = places[number]
            node = (
                (f"<title>{_esc(name.text)}</title>" if cut else "")
                + f'<circle cx={cx} cy={cy} r="{11 if first else 7}" fill="{escaped[spot.colour]}" '
                f'stroke="#1b1f24" stroke-width="{2 if first else 1}"/><text x="{x}" y="{y}" '
                f'text-anchor="{anchor}" font-size="{14 if first else 12}">{_esc(text)}</text>'
            )
            nodes.append(f'<a href="{self.href(name.page)}">{node}</a>' if name.page else f"<g>{node}</g>")
        return Markup(lines + "".join(nodes))
