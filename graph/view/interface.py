"""The network page's own words (its controls, hints and messages): msgids of the catalogues
(graph/locale), by the key the page's template and script read them with."""

from __future__ import annotations

from graph.core.messages import N_, NOT_IN_THIS_LANGUAGE, gettext_for

UI_WORDS: dict[str, str] = {
    "search": N_("Find a name…"),
    "no_match": N_("No match"),
    "not_in_graph": N_("is not in the graph"),
    "one_match": N_("1 match"),
    "matches": N_("{n} matches; showing the first"),
    "hidden_matches": N_("{n} matching names are hidden by the filters"),
    "legend": N_("Legend"),
    "legend_note": N_("Untick a kind to hide it."),
    "filters": N_("Filters"),
    "topic": N_("Topic"),
    "all_topics": N_("All topics"),
    "country": N_("Country"),
    "all_countries": N_("All countries"),
    "years": N_("Years"),
    "year_from": N_("from"),
    "year_to": N_("to"),
    "reset": N_("Show everything"),
    "showing": N_("Showing {shown} of {total}"),
    "filter_note": N_(
        "A filter keeps what matches, and what is linked to it and has no topic, "
        "country or date of its own (a person at a matching meeting)."
    ),
    "help": N_("Click a node or a link to see what it is and who says so."),
    "zoom_hint": N_("Zoom in (mouse wheel or pinch), search or filter to read the names."),
    "says_who": N_("Says who?"),
    "no_source": N_("No source cited"),
    "not_here": NOT_IN_THIS_LANGUAGE,
    "link": N_("Link"),
    "graph": N_("Network of people, organisations, meetings and commitments"),
    "selection": N_("Showing"),
    "around": N_("Around"),
    "depth": N_("Links away"),
    "open_page": N_("Open its page"),
    "site_home": N_("Readers' site"),
    "focus_here": N_("Show only what is around it"),
    "hub": N_("Linked to {name}: {counts}"),
    "kind_count": N_("{kind} {n}"),
    "show_all": N_("Show all ({n} hidden)"),
}
"""The page's words in English, by key; `{name}`s are filled in by the page's script."""


def ui_text(lang: str) -> dict[str, str]:
    """The page's own words in `lang` (English where the catalogue has no translation)."""
    _ = gettext_for(lang)
    return {key: _(message) for key, message in UI_WORDS.items()}


BIG_UI_WORDS: dict[str, str] = {
    "overview": N_(
        "{n} nodes are too many to draw at once: each shape stands for the nodes of one kind "
        "in one country. Pick one, or find a name."
    ),
    "back": N_("Back to the overview"),
    "loading": N_("Loading…"),
    "other": N_("other countries"),
    "missing_parts": N_("The page's data files (in the folder beside it) are missing or from another build."),
}
"""The words only the page of a large graph uses (graph.view.big): its overview and loading."""


def big_ui_text(lang: str) -> dict[str, str]:
    """The page's words and those of a large graph's page, in `lang`."""
    _ = gettext_for(lang)
    return {**ui_text(lang), **{key: _(message) for key, message in BIG_UI_WORDS.items()}}
