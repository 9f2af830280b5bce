"""`hrgraph vocab` lists every SKOS scheme's words with their labels in en, id and km, read from
the ontology (a table or CSV, one scheme with --scheme); `hrgraph stats --update-assertions`
raises hrgraph.toml's minimums to the counts in place, keeping every comment, and never lowers one."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from graph.core.ontology import Ontology
from graph.core.vocab import RDF, SKOS, VOCABULARY_BASE

from .conftest import ONTOLOGY, VALID

# ---------------------------------------------------------------- vocab


def _vocab(*args: str) -> str:
    result = CliRunner().invoke(main, ["vocab", "--ontology", str(ONTOLOGY), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_vocab_csv_lists_every_concept_of_every_scheme(ontology: Ontology) -> None:
    rows = list(csv.DictReader(io.StringIO(_vocab("--format", "csv"))))
    assert [row["id"] for row in rows] == sorted(ontology.concepts, key=lambda c: (c.split("/")[0], c))
    schemes = {
        str(s)[len(VOCABULARY_BASE) :] for s in ontology.vocabularies.subjects(RDF.type, SKOS.ConceptScheme)
    }
    assert {row["scheme"] for row in rows} == schemes
    for row in rows:
        concept = ontology.concepts[row["id"]]
        assert [row["label_en"], row["label_id"], row["label_km"]] == [
            ontology.labels[concept].get(lang, "") for lang in ("en", "id", "km")
        ]


def test_vocab_of_one_scheme_as_a_table() -> None:
    table = _vocab("--scheme", "status").splitlines()
    assert table[0] == "status:"
    assert table[1].split() == ["id", "en", "id", "km"]
    open_row = next(line for line in table if line.strip().startswith("status/open "))
    assert open_row.split()[1:3] == ["Open", "Terbuka"]
    assert all(line.startswith(("status", "  id", "  status/")) for line in table)


def test_an_unknown_scheme_is_a_usage_error_with_the_closest() -> None:
    result = CliRunner().invoke(main, ["vocab", "--ontology", str(ONTOLOGY), "--scheme", "topics"])
    assert result.exit_code == 2
    assert "hrgraph: --scheme topics: there is no such scheme; did you mean 'topic'?" in result.stderr


# ---------------------------------------------------------------- stats --update-assertions

TOML = """# Test project settings.
# Raise the numbers as the data grows.

[assertions.min_records]
Person = 1    # two people in the fixture
Tenure = 1
Source = 5  # more than the fixture holds: never lowered

[assertions.min_by_country]
"country/testland-a" = 3
"""


def _project(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    shutil.copytree(VALID, sources)
    (tmp_path / "hrgraph.toml").write_text(TOML, encoding="utf-8")
    return sources


def _update(sources: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["stats", "--sources", str(sources), "--ontology", str(ONTOLOGY), "--update-assertions"]
    )
    return result.exit_code, result.stdout + result.stderr


def test_update_assertions_raises_the_numbers_in_place(tmp_path: Path) -> None:
    sources = _project(tmp_path)
    code, output = _update(sources)
    assert code == 0, output
    toml = tmp_path / "hrgraph.toml"
    shown = output.splitlines()[0].split(":")[0]
    assert Path(shown).name == "hrgraph.toml"
    assert [line.removeprefix(shown + ":") for line in output.splitlines()] == [
        "5: Person 1 → 2",
        "10: country/testland-a 3 → 7",
        "7: Source kept at 5: data holds 1",
        f"Raised 2 minimums in {shown}",
    ]
    assert toml.read_text(encoding="utf-8") == TOML.replace("Person = 1 ", "Person = 2 ").replace(
        '"country/testland-a" = 3', '"country/testland-a" = 7'
    )


def test_a_second_update_changes_nothing(tmp_path: Path) -> None:
    sources = _project(tmp_path)
    _update(sources)
    raised = (tmp_path / "hrgraph.toml").read_text(encoding="utf-8")
    code, output = _update(sources)
    assert code == 0
    assert "is up to date" in output.splitlines()[-1]
    assert (tmp_path / "hrgraph.toml").read_text(encoding="utf-8") == raised


def test_update_assertions_without_a_project_file_is_a_usage_error(tmp_path: Path) -> None:
    sources = _project(tmp_path)
    (tmp_path / "hrgraph.toml").unlink()
    code, output = _update(sources)
    assert code == 2
    assert "hrgraph.toml to update" in output and "Traceback" not in output
