"""A page's frame rendered once and filled with each page's values gives what Jinja gives."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from graph.site.frames import Frames

TEMPLATE = (
    "<title>{{ title }} · {{ site }}</title>"
    "{% if subtitle %}<p>{{ subtitle }}</p>{% endif %}"
    '<a href="{{ root }}x.html" title="{{ title }}">{{ body }}</a>'
)


def environment(source: str = TEMPLATE) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"page": source}), autoescape=True)


@pytest.mark.parametrize(
    "values",
    [
        {"title": "Keo Remy", "subtitle": "24 Nov 2025", "body": Markup("<b>facts</b>")},
        {"title": "<script>alert('x')</script> & \"y\"", "subtitle": "", "body": Markup("")},
        {"title": "", "subtitle": "a < b", "body": Markup("<i>1</i>")},
        {"title": "ភាសាខ្មែរ", "subtitle": "0", "body": "<not markup>"},
    ],
)
def test_a_filled_frame_is_what_jinja_writes(values: dict[str, object]) -> None:
    env = environment()
    settings = (("site", "hrgraph & co"), ("root", "../"))
    expected = env.get_template("page").render(site="hrgraph & co", root="../", **values)
    assert Frames(env).render("page", settings, values) == expected


def test_frames_are_kept_per_settings_and_empty_values() -> None:
    frames = Frames(environment())
    for root in ("", "../", ""):
        for subtitle in ("a", "", "b"):
            frames.render(
                "page", (("site", "s"), ("root", root)), {"title": "t", "subtitle": subtitle, "body": ""}
            )
    assert len(frames.known) == 4  # two depths, with and without a subtitle


def test_a_name_the_template_uses_but_is_not_given_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        Frames(environment()).render("page", (("site", "s"),), {"title": "t", "subtitle": "", "body": ""})
