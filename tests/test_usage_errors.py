"""Usage mistakes and file-system errors: a clear message and exit code, never a traceback (issue 15)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import GOLDEN, REPO

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
HRGRAPH = str(Path(sys.executable).with_name("hrgraph"))


def _git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def _hrgraph(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real console script, as a user runs it."""
    return subprocess.run([HRGRAPH, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository holding the golden sources and the ontology, with one commit."""
    shutil.copytree(GOLDEN / "sources", tmp_path / "sources")
    shutil.copytree(REPO / "ontology", tmp_path / "ontology")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "golden")
    return tmp_path


# ---------------------------------------------------------------- finding 5: revisions are never options


def test_diff_revision_that_looks_like_an_option_is_refused_and_writes_nothing(project: Path) -> None:
    victim = project / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    result = _hrgraph(project, "diff", "--", f"--output={victim}", "HEAD")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        f"hrgraph: '--output={victim}' is neither a build folder nor a git revision of this project"
        in result.stderr
    )
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_diff_revision_list_option_is_a_usage_error(project: Path) -> None:
    result = _hrgraph(project, "diff", "--", "--list", "HEAD")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "hrgraph: '--list' is neither a build folder nor a git revision of this project" in result.stderr


def test_diff_of_a_real_revision_still_works(project: Path) -> None:
    result = _hrgraph(project, "diff", "HEAD", "HEAD")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No changes."


# ---------------------------------------------------------------- finding 15: file-system errors


def test_build_out_that_is_a_file_is_a_usage_error(project: Path) -> None:
    (project / "out.txt").write_text("not a folder\n", encoding="utf-8")
    result = _hrgraph(project, "build", "--out", "out.txt")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "hrgraph: --out out.txt is not a folder: give a folder for the outputs" in result.stderr
    assert (project / "out.txt").read_text(encoding="utf-8") == "not a folder\n"


def test_build_output_path_that_is_a_folder_is_a_system_failure(project: Path) -> None:
    (project / "build" / "graph.nt").mkdir(parents=True)
    result = _hrgraph(project, "build", "--no-cache")
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "hrgraph: cannot write build/graph.nt: Is a directory" in result.stderr
    assert not (project / "build" / "graph.ttl").exists()


def test_build_with_an_unwritable_cache_warns_and_builds(project: Path) -> None:
    (project / "build").mkdir()
    (project / "build" / ".cache").write_text("a file where the cache folder goes\n", encoding="utf-8")
    result = _hrgraph(project, "build")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "hrgraph: warning: cannot write the cache in build/.cache/sources (Not a directory); built without it"
        in result.stderr
    )
    assert (project / "build" / "graph.nt").is_file()


# ---------------------------------------------------------------- finding 16: usage mistakes exit 2


def test_base_with_a_space_is_a_usage_error(project: Path) -> None:
    result = _hrgraph(project, "build", "--no-cache", "--base", "https://example.org/a b/")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "hrgraph: the base IRI 'https://example.org/a b/' holds ' ', which an IRI cannot: percent-encode it"
        in result.stderr
    )
    assert not (project / "build").exists()


def test_publish_endpoint_with_an_unclosed_bracket_is_a_usage_error(project: Path) -> None:
    built = _hrgraph(project, "build", "--no-cache")
    assert built.returncode == 0, built.stderr
    result = _hrgraph(project, "publish", "--endpoint", "http://[::1")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "hrgraph: --endpoint is not a valid address (Invalid IPv6 URL)" in result.stderr


def test_query_graph_that_is_not_n_triples_is_a_usage_error(project: Path) -> None:
    garbage = project / "passwd"
    garbage.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    result = _hrgraph(project, "query", "--graph", "passwd", "SELECT * WHERE { ?s ?p ?o }")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("hrgraph: passwd is not an N-Triples graph (")


@pytest.mark.parametrize("impossible", ["2025-13-45", "2025-02-30", "2025-13"])
def test_saved_query_date_param_off_the_calendar_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, impossible: str
) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(
        main,
        [
            "query",
            "--saved",
            "post-holder-on-date",
            "--param",
            "post=post/id-minister-of-human-rights",
            "--param",
            f"on={impossible}",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"hrgraph: --param on: '{impossible}' is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)\n"
    )


# ---------------------------------------------------------------- finding 17: symbolic links in sources/


def test_links_that_leave_sources_dangle_or_loop_are_reported_not_read(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("- id: person/outsider\n  name: Outsider\n", encoding="utf-8")
    sources = project / "sources"
    (sources / "outside.yaml").symlink_to(outside)
    (sources / "dangling.yaml").symlink_to(project / "no-such-file.yaml")
    (sources / "loop.yaml").symlink_to(sources / "loop.yaml")
    (sources / "inside.yml").symlink_to(sources / "golden.yaml")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1, result.exception
    lines = result.stderr.splitlines()
    assert (
        "sources/dangling.yaml:1: the symbolic link points to nothing (point it at a YAML file, or remove it)"
        in lines
    )
    assert (
        "sources/loop.yaml:1: the symbolic link loops (point it at a YAML file inside the sources folder)"
        in lines
    )
    assert (
        f"sources/outside.yaml:1: the symbolic link leads out of the sources folder (to {outside.resolve()}) "
        "(copy the file into the sources folder instead)"
    ) in lines
    assert not any("inside.yml" in line and "symbolic link" in line for line in lines)
    assert "outsider" not in result.output


# ---------------------------------------------------------------- finding 20: what diff reads


def test_diff_of_a_garbage_graph_nt_is_a_usage_error(project: Path) -> None:
    (project / "garbage").mkdir()
    (project / "garbage" / "graph.nt").write_text("this is not <N-Triples\n", encoding="utf-8")
    result = _hrgraph(project, "diff", "garbage", "garbage")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("hrgraph: garbage/graph.nt is not an N-Triples graph (")


def test_diff_of_a_revision_with_a_committed_absolute_link_is_a_usage_error(project: Path) -> None:
    (project / "sources" / "absolute.yaml").symlink_to("/etc/hostname")
    _git(project, "add", "sources/absolute.yaml")
    _git(project, "commit", "-q", "-m", "an absolute link")
    result = _hrgraph(project, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("hrgraph: revision 'HEAD' holds a file diff will not unpack (")


def test_diff_of_build_folders_reads_long_names_and_every_kind_of_literal(project: Path) -> None:
    old, new = project / "old", project / "new"
    for folder in (old, new):
        folder.mkdir()
    person = "<https://example.org/id/person/x>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    typed = f"{person} {rdf_type} <https://w3id.org/hrgraph/ontology#Person> .\n"
    (old / "graph.nt").write_text(
        typed + f'{person} <http://www.w3.org/2000/01/rdf-schema#label> "{"a" * 200_000}"@en .\n',
        encoding="utf-8",
    )
    (new / "graph.nt").write_text(
        typed + f'{person} <http://www.w3.org/2000/01/rdf-schema#label> "{"b" * 200_000}"@en .\n',
        encoding="utf-8",
    )
    result = _hrgraph(project, "diff", "old", "old")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No changes."
    changed = _hrgraph(project, "diff", "old", "new")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith(
        f"~ Person {'b' * 200_000} (person/x): label changed from {'a' * 200_000}"
    )


def test_an_id_ending_with_a_dot_is_refused_at_its_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "sources" / "dotted.yaml").write_text(
        "people:\n  - id: person/x-..\n    name: {en: X}\n    cites: [src/gazette-1]\n", encoding="utf-8"
    )
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1, result.exception
    assert (
        "sources/dotted.yaml:2: person/x-..: an id must not end with '.' "
        "(drop the final '.': Turtle readers such as rdflib cannot read such a name)"
    ) in result.stderr.splitlines()
