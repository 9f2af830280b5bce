"""The query page's interface words, as msgids of the message catalogues (the page's script
shows them in the reader's language)."""

from __future__ import annotations

from graph.core.languages import LANGUAGES
from graph.core.messages import N_, gettext_for

SCRIPT_WORDS: tuple[str, ...] = (
    N_("Query the graph"),
    N_("Readers' site"),
    N_("Saved queries"),
    N_(
        "Write SPARQL below; Ctrl+Enter runs it. The prefixes are predefined; a #defaultView: comment "
        "(Timeline, BarChart, Graph) picks the view."
    ),
    N_("Graph loaded in the page"),
    N_("triples"),
    N_("Querying the server"),
    N_("The graph could not be loaded in the page"),
    N_("Stop"),
    N_("Stopped."),
    N_(
        "Stopped: the query ran for more than {s} seconds. A LIMIT or fewer patterns make it quicker; "
        "hrgraph query --timeout 0 runs it with no limit."
    ),
    N_(
        "{keyword} is a SPARQL update: this page only reads the graph (change the facts in sources/ "
        "and run hrgraph build)."
    ),
    N_(
        "At {at}, the prefix {prefix}: is not defined: write PREFIX {prefix}: <...> before the query, "
        "or use one of the predefined prefixes."
    ),
    N_("Run"),
    N_("optional"),
    N_("The SPARQL it runs"),
    N_("A value is needed for"),
    N_("There is no saved query"),
    N_("is not an id like person/keo-remy or a full IRI"),
    N_("is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)"),
    N_("is not a whole number"),
    N_("is not in the graph"),
    N_("did you mean"),
    N_("names a thing of another kind:"),
    # YASR's and YASQE's own words (graph/querypage/assets/query.js, translateResults)
    N_("Table"),
    N_("Response"),
    N_("Timeline"),
    N_("Bar chart"),
    N_("Graph"),
    N_("Simple view"),
    N_("Ellipse"),
    N_("Page size:"),
    N_("Filter query results"),
    N_("Download result"),
    N_("Run query"),
    N_("Press Ctrl+Space to complete"),
    N_("1 result in {s} seconds"),
    N_("{n} results in {s} seconds"),
)
"""Words the page's script shows (the template's own are marked where they are written)."""


def script_words() -> dict[str, dict[str, str]]:
    """Each language's translation of every script word (the English msgid where there is none)."""
    return {lang: {msgid: gettext_for(lang)(msgid) for msgid in SCRIPT_WORDS} for lang in LANGUAGES}


def in_language(text: str) -> dict[str, str]:
    """A saved query's title or description in each language: its catalogue translation, or the
    English text until it has one."""
    return {lang: gettext_for(lang)(text) for lang in LANGUAGES}
