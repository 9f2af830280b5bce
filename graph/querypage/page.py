"""The query page as files: `query.html` and its `query/` folder in the readers' site, with the
graph and Oxigraph's WebAssembly embedded (or, for a graph too large to query in a page, a page
that says to use `hrgraph serve`); and the same page as `hrgraph serve` answers it."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from graph.core.languages import LANGUAGES
from graph.core.messages import translations
from graph.ingest.records import DATE_PATTERN, ID_PATTERN
from graph.querypage.engine import engine_script, wasm_script
from graph.querypage.gallery import gallery
from graph.querypage.words import script_words
from graph.rdf.assemble import new_graph
from graph.rdf.pages import page_rule
from graph.site.render import LANGUAGE_NAMES

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
PAGE = "query.html"
FOLDER = "query"
"""The page's own files, beside it: query/query.js, query/data.js, ..."""

MAX_TRIPLES_IN_FILE = 150_000
"""Up to this many triples the file version embeds the graph (measured: README, 'Query in the browser')."""

INSTRUCTIONS = "../../README.md#query-in-the-browser"
"""Where the page for a larger graph sends its reader from build/site/query.html (the project's
README); a site written elsewhere (`hrgraph site --out DIR`) has no README there, so no link."""

OWN_SCRIPTS = ("views.js", "gallery.js", "query.js")
VENDOR_FILES = ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css")
COLUMN_RESIZER_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
"""The one <style> element the bundle adds (its table's column resizer), by the hash of its text."""
STYLE = (
    f"default-src 'none'; style-src 'self' {COLUMN_RESIZER_STYLE}; img-src 'self' data:; "
    "font-src 'self'; base-uri 'none'; form-action 'none'"
)
FILE_CSP = f"{STYLE}; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; connect-src 'none'"
"""A file: scripts from files beside it, WebAssembly compiled in a worker the page makes, nothing
fetched."""

SERVED_CSP = f"{STYLE}; script-src 'self'; connect-src 'self'"
"""Served: scripts from the server, queries to it, nothing else."""

QUERY_SECONDS = 30
"""How long a query may run in the page's own engine before it is stopped (as hrgraph serve's
queries are, graph.analyst.serve.ANSWER_SECONDS)."""

EXAMPLE = """#defaultView:BarChart
# The prefixes (hrg:, rdfs:, person:, post: ...) are predefined. Ctrl+Enter runs the query.
SELECT ?kind (COUNT(?thing) AS ?things)
WHERE { ?thing a ?kind }
GROUP BY ?kind
ORDER BY DESC(?things) ?kind
"""


@dataclass(frozen=True)
class Setting:
    """Where the page runs: from a file with the graph in it, or served beside /sparql."""

    mode: str  # "file" or "served"
    prefixes: dict[str, str]
    title: str
    site_folders: tuple[str, ...] = ()  # a language folder's folders in the readers' site beside it
    endpoint: str = "/sparql"


def page_config(setting: Setting) -> dict[str, Any]:
    """window.hrgraphQuery: everything the page's script reads."""
    return {
        "mode": setting.mode,
        "endpoint": setting.endpoint,
        "prefixes": setting.prefixes,
        "idPrefixes": sorted(p for p, ns in setting.prefixes.items() if ns.endswith(f"/{p}/")),
        "pages": page_rule(setting.prefixes, setting.site_folders) if setting.site_folders else None,
        "languages": list(LANGUAGES),
        "languageNames": {lang: LANGUAGE_NAMES[lang] for lang in LANGUAGES},
        "words": script_words(),
        "gallery": gallery(setting.prefixes),
        "patterns": {"id": js_pattern(ID_PATTERN.pattern), "date": js_pattern(DATE_PATTERN.pattern)},
        "example": EXAMPLE,
        "timeLimit": QUERY_SECONDS,
        "tableLanguage": table_language(),
    }


TABLE_SAYS = ("info", "infoEmpty", "infoFiltered", "zeroRecords", "emptyTable", "thousands", "aria")
"""What YASR's table (DataTables) says that the page shows: its rows and pages, an empty or a
filtered table, and its page buttons' names."""


def table_language() -> dict[str, dict[str, Any]]:
    """DataTables' own translations of `TABLE_SAYS`, per language that has them (vendored from
    datatables.net-plugins; English is DataTables' own)."""
    found: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        path = ASSETS / "vendor" / "datatables-i18n" / f"{lang}.json"
        if path.is_file():
            said = json.loads(path.read_text(encoding="utf-8"))
            found[lang] = {key: said[key] for key in TABLE_SAYS if key in said}
    return found


def js_pattern(pattern: str) -> str:
    """A Python pattern of records.py as JavaScript writes it (\\Z, the very end, is $ there)."""
    return pattern.replace(r"\Z", "$")


def config_script(setting: Setting) -> str:
    return f"window.hrgraphQuery = {json.dumps(page_config(setting), ensure_ascii=False, sort_keys=True)};\n"


def render_page(setting: Setting, scripts: tuple[str, ...], assets: str, site: str | None) -> bytes:
    """The page, its scripts loaded in order from `assets` (relative to the page)."""
    env = _environment()
    csp = FILE_CSP if setting.mode == "file" else SERVED_CSP
    html = env.get_template("query.html.j2").render(
        title=setting.title, csp=csp, assets=assets, site=site, scripts=[assets + s for s in scripts]
    )
    return html.encode("utf-8")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations("en"), newstyle=True)  # type: ignore[attr-defined]
    return env


def write_query_page(
    folder: Path,
    ntriples: bytes,
    triples: int,
    prefixes: dict[str, str],
    title: str,
    instructions: str | None = INSTRUCTIONS,
) -> list[Path]:
    """Write query.html and query/ into the site `folder`; the files written. A graph of more
    than MAX_TRIPLES_IN_FILE triples gets a page that says to use `hrgraph serve` instead, with
    a link to `instructions` (relative to the page) when there are some."""
    if triples > MAX_TRIPLES_IN_FILE:
        env = _environment()
        html = env.get_template("too-big.html.j2").render(
            title=title, triples=f"{triples:,}", limit=f"{MAX_TRIPLES_IN_FILE:,}", instructions=instructions
        )
        (folder / FOLDER).mkdir(exist_ok=True)
        shutil.copy(ASSETS / "query.css", folder / FOLDER / "query.css")
        (folder / PAGE).write_text(html, encoding="utf-8")
        return [folder / PAGE, folder / FOLDER / "query.css"]
    setting = Setting("file", prefixes, title, site_folders=site_folders(folder))
    return write_file_version(folder, ntriples, setting)


def site_folders(site: Path) -> tuple[str, ...]:
    """The folders of the site's first language (person, meeting, ...): whose pages it has."""
    language = site / LANGUAGES[0]
    if not language.is_dir():
        return ()
    return tuple(sorted(p.name for p in language.iterdir() if p.is_dir()))


def write_file_version(folder: Path, ntriples: bytes, setting: Setting) -> list[Path]:
    """query.html and query/ with the graph and the engine embedded, whatever the graph's size."""
    own = folder / FOLDER
    _copy_assets(own)
    made = {
        "config.js": config_script(setting),
        "data.js": f"window.hrgraphData = {json.dumps(ntriples.decode('utf-8'), ensure_ascii=False)};\n",
        "engine.js": engine_script(),
        "wasm.js": wasm_script(),
    }
    for name, text in made.items():
        (own / name).write_text(text, encoding="utf-8")
    scripts = ("vendor/yasgui/yasgui.min.js", "wasm.js", "engine.js", "data.js", "config.js", *OWN_SCRIPTS)
    site = f"{LANGUAGES[0]}/" if setting.site_folders else None
    (folder / PAGE).write_bytes(render_page(setting, scripts, f"{FOLDER}/", site=site))
    return [folder / PAGE, own]


def _copy_assets(own: Path) -> None:
    for name in (*OWN_SCRIPTS, "query.css", *VENDOR_FILES):
        (own / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ASSETS / name, own / name)


SERVED_TYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


class ServedPage:
    """The query page as `hrgraph serve` answers it: / (and /query.html), and /query/<file>;
    with `site_folders` (a served readers' site's), its results link to the site's pages."""

    SCRIPTS = ("vendor/yasgui/yasgui.min.js", "config.js", *OWN_SCRIPTS)

    def __init__(
        self,
        prefixes: dict[str, str],
        title: str = "hrgraph",
        endpoint: str = "/sparql",
        site_folders: tuple[str, ...] = (),
    ):
        setting = Setting("served", prefixes, title, site_folders=site_folders, endpoint=endpoint)
        self.files: dict[str, tuple[bytes, str]] = {
            f"/{FOLDER}/{name}": ((ASSETS / name).read_bytes(), SERVED_TYPES[Path(name).suffix])
            for name in (*OWN_SCRIPTS, "query.css", *VENDOR_FILES)
        }
        self.files[f"/{FOLDER}/config.js"] = (config_script(setting).encode("utf-8"), SERVED_TYPES[".js"])
        site = f"{LANGUAGES[0]}/" if site_folders else None
        page = render_page(setting, self.SCRIPTS, f"/{FOLDER}/", site=site)
        self.files["/"] = self.files[f"/{PAGE}"] = (page, SERVED_TYPES[".html"])

    def answer(self, path: str) -> tuple[bytes, str] | None:
        """The body and media type of the page or one of its files, or None for another path."""
        return self.files.get(path)

    @staticmethod
    def csp() -> str:
        return SERVED_CSP


def build_prefixes(base: str) -> dict[str, str]:
    """The prefixes a build with data base `base` declares (those its Turtle dump starts with)."""
    return {prefix: str(namespace) for prefix, namespace in new_graph(base).namespaces() if prefix}
