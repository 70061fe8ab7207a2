"""The build cache cannot be turned against the build: sealed entries, damaged ones discarded with W413."""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
from pathlib import Path

import pytest

from bulletin.cache.location import cache_home
from bulletin.cache.state import BuildState
from bulletin.pipeline import BuildOptions, BuildResult, build


class Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self):
        return (Path.write_text, (self.proof, "ran"))


def _build(content: Path, out: Path, cache: Path | None = None, use_cache: bool = True) -> BuildResult:
    return build(BuildOptions(content=content, out=out, cache=cache, use_cache=use_cache, jobs=1))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def built(example_copy: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    out, cache = tmp_path / "site", tmp_path / "cache"
    _build(example_copy, out, cache)
    return example_copy, out, cache


def _edit(content: Path) -> None:
    """A change, so that the next build reads the cache instead of stopping at "nothing changed"."""
    path = content / "issues/2010/001/01-mobilization.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")


def _assert_clean(content: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    _build(content, clean, use_cache=False)
    assert _files(out) == _files(clean)


def test_a_crafted_state_file_is_never_unpickled(built, tmp_path: Path) -> None:
    content, out, cache = built
    proof = tmp_path / "proof.txt"
    (state,) = cache.glob("state-*.pickle")
    state.write_bytes(pickle.dumps(Payload(proof)))
    result = _build(content, out, cache)
    assert not proof.exists()
    assert [d.code for d in result.diagnostics.items if d.code == "W413"] == ["W413"]
    _assert_clean(content, out, tmp_path)


@pytest.mark.parametrize("version", [1, 2])  # 1: objects, not tuples; 2: every input's stat kept
def test_a_state_file_of_an_earlier_format_is_dropped_quietly(built, tmp_path: Path, version: int) -> None:
    """An earlier version's state file is neither read nor reported as damaged: the build starts
    without a record and removes it."""
    content, out, cache = built
    (state,) = cache.glob("state-*.pickle")
    earlier = BuildState.path_for(cache, out, version=version)
    state.rename(earlier)
    _edit(content)
    result = _build(content, out, cache)
    assert not [d for d in result.diagnostics.items if d.code == "W413"]
    assert not earlier.exists() and [p.name for p in cache.glob("state-*.pickle")] == [state.name]
    _assert_clean(content, out, tmp_path)


def test_a_crafted_database_entry_is_never_unpickled(built, tmp_path: Path) -> None:
    content, out, cache = built
    proof = tmp_path / "proof.txt"
    with sqlite3.connect(cache / "build.sqlite") as db:
        db.execute("UPDATE entries SET value = ?", (pickle.dumps(Payload(proof)),))
    _edit(content)
    result = _build(content, out, cache)
    assert not proof.exists()
    (warning,) = [d for d in result.diagnostics.items if d.code == "W413"]
    assert "已丢弃并重新生成" in warning.text("zh")
    _assert_clean(content, out, tmp_path)


def test_cached_html_edited_in_place_is_not_reused(built, tmp_path: Path) -> None:
    content, out, cache = built
    with sqlite3.connect(cache / "build.sqlite") as db:
        rows = db.execute("SELECT space, key, value FROM entries WHERE space = 'markdown'").fetchall()
        assert rows
        for space, key, value in rows:
            edited = value.replace("行动学习".encode(), "XSS7学习".encode())
            db.execute("UPDATE entries SET value = ? WHERE space = ? AND key = ?", (edited, space, key))
    _edit(content)
    _build(content, out, cache)
    assert not any(b"XSS7" in data for data in _files(out).values())
    _assert_clean(content, out, tmp_path)


def test_a_damaged_database_is_discarded_with_a_warning_and_rebuilt(built, tmp_path: Path) -> None:
    content, out, cache = built
    database = cache / "build.sqlite"
    data = bytearray(database.read_bytes())
    rng = random.Random(15)
    for at in rng.sample(range(100, len(data)), 200):
        data[at] ^= 0xFF
    database.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (cache / f"build.sqlite{suffix}").unlink(missing_ok=True)
    _edit(content)
    result = _build(content, out, cache)
    assert "W413" in {d.code for d in result.diagnostics.items}
    _assert_clean(content, out, tmp_path)
    again = _build(content, out, cache)  # the next build is quiet again
    assert "W413" not in {d.code for d in again.diagnostics.items}


def test_crafted_template_bytecode_is_never_loaded(built, tmp_path: Path) -> None:
    content, out, cache = built
    compiled = list((cache / "jinja").iterdir())
    assert compiled
    proof = tmp_path / "proof.txt"
    source = compile(f"open({str(proof)!r}, 'w').write('ran')", "<x>", "exec")
    import marshal
    for path in compiled:
        path.write_bytes(b"j2" + marshal.dumps(source))
    _edit(content)
    _build(content, out, cache)
    assert not proof.exists()
    _assert_clean(content, out, tmp_path)


def test_the_key_is_kept_outside_the_content_and_cache_folders(built) -> None:
    content, out, cache = built
    key = cache_home() / "cache-key"
    assert key.is_file() and key.stat().st_mode & 0o077 == 0
    assert not key.is_relative_to(content) and not key.is_relative_to(cache)
    assert not any(p.name == "cache-key" for p in content.rglob("*"))
    if hasattr(os, "getuid"):
        assert key.stat().st_uid == os.getuid()


@pytest.mark.parametrize("library", ["docx", "lxml"])
def test_a_new_python_docx_or_lxml_empties_the_cache(library: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The 通报 .docx are cached without python-docx's or lxml's version in their keys (stats/pages.py):
    the store's version key covers the libraries instead, so a new one empties the whole cache."""
    import importlib.machinery
    import importlib.util

    from bulletin.cache import store

    find_spec = importlib.util.find_spec

    def library_in(folder: Path, version: str):  # type: ignore[no-untyped-def]
        (folder / library).mkdir(parents=True)
        (folder / library / "__init__.py").write_text(f'__version__ = "{version}"\n', encoding="utf-8")
        spec = importlib.machinery.ModuleSpec(library, None, origin=str(folder / library / "__init__.py"))
        return lambda name, *args: spec if name == library else find_spec(name, *args)

    versions = []
    for version in ("1.2.0", "1.3.0"):
        monkeypatch.setattr(importlib.util, "find_spec", library_in(tmp_path / version, version))
        store.library_versions.cache_clear()
        versions.append(store.library_versions())
    store.library_versions.cache_clear()
    assert versions[0] != versions[1]


def test_stale_entries_are_dropped_once_they_are_a_tenth_of_those_used(tmp_path: Path) -> None:
    """An entry no build asks for any more stays until such entries are a tenth of what a build
    used (cache/store.py STALE_SHARE); a build that uses fewer drops them all."""
    from bulletin.cache.store import CacheStore

    def stored(folder: Path) -> int:
        with sqlite3.connect(folder / "build.sqlite") as db:
            return db.execute("SELECT COUNT(*) FROM entries WHERE space = 'x'").fetchone()[0]

    def one_build(asked: range, made: str) -> None:
        store = CacheStore(tmp_path)
        for i in asked:
            assert store.get("x", f"k{i}") == i
        store.put("x", made, -1)
        store.commit()
        store.close()

    first = CacheStore(tmp_path)
    for i in range(100):
        first.put("x", f"k{i}", i)
    first.commit()
    first.close()
    one_build(range(95), "new-1")  # 101 stored, 96 used: five stale entries are kept
    assert stored(tmp_path) == 101
    one_build(range(50), "new-2")  # 102 stored, 51 used: the stale ones go
    assert stored(tmp_path) == 51
