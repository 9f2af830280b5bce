"""A record kept as shard files (graph.core.kept_shards): unchanged shards linked from the last
build (the same inode), new ones written, and anything damaged read as no record."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graph.core.kept_shards import HEAD, DamagedShard, KeptShards, shard_count, shard_of, write_shards

MAGIC = b"test state 1\n"


def damage(folder: Path, how: str) -> None:
    """Damage a kept record's folder: its head or a shard cut short, a shard deleted, or two
    shards' files swapped."""
    shards = sorted(path for path in folder.iterdir() if path.name != HEAD)
    if how == "cut head":
        (folder / HEAD).write_bytes((folder / HEAD).read_bytes()[:-20])
    elif how == "cut shard":
        data = shards[0].read_bytes()
        shards[0].unlink()  # a kept file may be linked from another build: never written in place
        shards[0].write_bytes(data[: len(data) // 2])
    elif how == "deleted shard":
        shards[0].unlink()
    elif how == "swapped shards":
        aside = folder / "aside"
        os.rename(shards[0], aside)
        os.rename(shards[1], shards[0])
        os.rename(aside, shards[1])
    else:
        raise ValueError(how)


DAMAGES = ("cut head", "cut shard", "deleted shard", "swapped shards")


def test_shards_are_written_linked_and_read_back(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    write_shards(first, MAGIC, {"n": 1}, {"a": [b"one", b"two"], "b": [b"three"]}, None)
    kept = KeptShards.read(first, MAGIC)
    assert kept is not None and kept.meta == {"n": 1}
    assert [kept.load(name) for name in kept.groups["a"]] == [b"one", b"two"]
    second = tmp_path / "second"
    second.mkdir()
    one, _ = kept.groups["a"]
    write_shards(second, MAGIC, {"n": 2}, {"a": [one, b"changed"], "b": [b"three"]}, kept)
    again = KeptShards.read(second, MAGIC)
    assert again is not None and again.meta == {"n": 2}
    assert [again.load(name) for name in again.groups["a"]] == [b"one", b"changed"]
    same = [(first / name, second / name) for name in (one, kept.groups["b"][0])]
    assert all(os.stat(a).st_ino == os.stat(b).st_ino for a, b in same)  # linked, not written
    assert os.stat(second / again.groups["a"][1]).st_nlink == 1
    assert sorted(path.name for path in second.iterdir()) == sorted(
        [HEAD, *again.groups["a"], *again.groups["b"]]
    )


def test_a_kept_shard_must_be_the_last_builds(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    with pytest.raises(ValueError):
        write_shards(folder, MAGIC, None, {"a": ["0" * 64]}, None)


def test_another_format_is_not_read(tmp_path: Path) -> None:
    write_shards(tmp_path, MAGIC, None, {"a": [b"x"]}, None)
    assert KeptShards.read(tmp_path, b"test state 2\n") is None
    assert KeptShards.read(tmp_path / "missing", MAGIC) is None


@pytest.mark.parametrize("how", DAMAGES)
def test_damage_is_seen(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    write_shards(folder, MAGIC, None, {"a": [b"first shard", b"second shard, longer"]}, None)
    damage(folder, how)
    kept = KeptShards.read(folder, MAGIC)
    if how == "cut head":
        assert kept is None
        return
    assert kept is not None
    with pytest.raises(DamagedShard):
        for name in kept.groups["a"]:
            kept.load(name)


def test_shards_of_keys_are_stable_and_spread() -> None:
    assert shard_count(0) == 1 and shard_count(128) == 1 and shard_count(129) == 2
    assert shard_count(10**9) == 1024
    count = shard_count(10_000)
    spread = {shard_of(f"key {n}".encode(), count) for n in range(10_000)}
    assert len(spread) == count
    assert shard_of(b"key", 64) == shard_of(b"key", 64)


def test_a_copied_record_reads_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    write_shards(folder, MAGIC, [1, 2], {"a": [b"x", b"y"]}, None)
    shutil.copytree(folder, tmp_path / "copy")
    kept = KeptShards.read(tmp_path / "copy", MAGIC)
    assert kept is not None and [kept.load(name) for name in kept.groups["a"]] == [b"x", b"y"]


def test_a_shard_made_again_is_written_where_the_last_builds_file_is_cut(tmp_path: Path) -> None:
    """The same bytes made again are linked from the last build only when its file is whole
    (by its size): a cut file is written anew, also where another group names it."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    write_shards(first, MAGIC, None, {"a": [b"shard bytes"], "b": [b"other"]}, None)
    last = KeptShards.read(first, MAGIC)
    assert last is not None
    cut = first / last.groups["a"][0]
    data = cut.read_bytes()
    cut.unlink()
    cut.write_bytes(data[:4])
    write_shards(second, MAGIC, None, {"a": [b"shard bytes"], "b": [last.groups["a"][0]]}, last)
    again = KeptShards.read(second, MAGIC)
    assert again is not None
    assert again.load(again.groups["a"][0]) == b"shard bytes" == again.load(again.groups["b"][0])
    assert os.stat(second / again.groups["a"][0]).st_ino != os.stat(cut).st_ino
