"""The interface words' catalogues: every word of the code and templates is translated into
Indonesian and Khmer, keeps its placeholders, and reaches Python code and Jinja templates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import jinja2
import pytest

from graph.core.languages import LANGUAGES
from graph.core.messages import N_, catalogue_path, gettext_for, translations

REPO = Path(__file__).resolve().parent.parent


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("messages_script", REPO / "scripts" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


script = _load_script()


@pytest.fixture(scope="module")
def extracted() -> object:
    return script.extract()


def test_the_code_and_templates_have_words_to_translate(extracted: object) -> None:
    ids = {message.id for message in extracted}  # type: ignore[attr-defined]
    assert {"from {start}", "{name} and what is linked to it"} <= ids  # graph/view (Python)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_word_is_translated_with_its_placeholders(extracted: object, lang: str) -> None:
    assert catalogue_path(lang).is_file()
    assert script.problems(extracted, lang) == [], "run scripts/messages.py, then translate"


def test_a_missing_translation_or_a_lost_placeholder_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.messages.catalog import Catalog

    template = Catalog()
    for message in ("Search", "Data as of %(date)s.", "from {start}", "Sources"):
        template.add(message)
    translated = Catalog(locale="km")
    translated.add("Search", "ស្វែងរក")
    translated.add("Data as of %(date)s.", "ទិន្នន័យ")  # lost %(date)s
    translated.add("from {start}", "ចាប់ពី {end}")  # a placeholder the msgid does not fill
    monkeypatch.setattr(script, "LOCALE", tmp_path)
    script.po_path("km").parent.mkdir(parents=True)
    script.po_path("km").write_bytes(script.as_po(translated))
    assert script.problems(template, "km") == [
        "km: 'ទិន្នន័យ' does not fill in what 'Data as of %(date)s.' does",
        "km: 'ចាប់ពី {end}' does not fill in what 'from {start}' does",
        "km: no translation of 'Sources'",
    ]


def test_placeholders_of_both_styles_are_read() -> None:
    assert script.placeholders("{shown} of {total}") == {"shown", "total"}
    assert script.placeholders("Data as of %(date)s, %(n)d facts") == {"date", "n"}
    assert script.placeholders("100% sure") == set()


def test_python_code_gets_each_language_and_english_as_written() -> None:
    assert gettext_for("id")("from {start}") == "sejak {start}"
    assert gettext_for("km")("from {start}") == "ចាប់ពី {start}"
    assert gettext_for("en")("from {start}") == "from {start}"
    assert gettext_for("fr")("from {start}") == "from {start}"
    assert gettext_for("km")("a word no catalogue has") == "a word no catalogue has"
    assert gettext_for("km")("") == ""  # not the catalogue's header
    assert N_("from {start}") == "from {start}"


def test_a_catalogue_is_compiled_once_per_language() -> None:
    assert translations("km") is translations("km")
    assert translations("id") is not translations("km")


def test_jinja_templates_use_the_catalogue() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(translations("km"), newstyle=True)  # type: ignore[attr-defined]
    page = env.from_string(
        '{{ _("Search") }} | {{ _("Source %(number)s", number=3) }} | '
        "{% trans date=day %}The latest source is dated {{ date }}.{% endtrans %}"
    )
    assert page.render(day="<24 Nov>") == "ស្វែងរក | ប្រភព 3 | ប្រភពចុងក្រោយបំផុតចុះកាលបរិច្ឆេទ &lt;24 Nov&gt;។"
