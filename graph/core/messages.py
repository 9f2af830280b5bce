"""Interface words for readers, by language: gettext catalogues in graph/locale/<lang>/LC_MESSAGES.

The source words are English msgids. Code marks a word with `N_` where it is defined and
translates it with `gettext_for(lang)` where it is shown; Jinja templates use
`env.install_gettext_translations(translations(lang), newstyle=True)` and `{{ _("...") }}`.
`python scripts/messages.py` extracts the words of the code and templates (babel.cfg) into
graph/locale/hrgraph.pot and merges them into each language's .po file, which is read here and
compiled in memory: no compiled .mo file is kept in the repository.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from graph.core.languages import DEFAULT_LANGUAGE, LANGUAGES

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "hrgraph"


def N_(message: str) -> str:
    """Mark an English word for the catalogues (gettext's name for the marker, which the extractor
    knows); it is translated where it is shown, by `gettext_for`."""
    return message


NOT_IN_THIS_LANGUAGE = N_("Not available in this language")
"""What the mark of a name shown in another language than the page's says (' (en)'), on the
readers' site, in its search and on the network page."""


def catalogue_path(lang: str) -> Path:
    """graph/locale/<lang>/LC_MESSAGES/hrgraph.po."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`, compiled once; English, or a language without a catalogue, gives
    the English msgids as they are (fuzzy and empty translations are left out, so English too)."""
    path = catalogue_path(lang)
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_for(lang: str) -> Callable[[str], str]:
    """`_` for `lang`: an English msgid → its translation (the msgid itself where there is none)."""
    lookup = translations(lang).gettext
    return lambda message: lookup(message) if message else message
