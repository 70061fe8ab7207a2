"""How the build cache's SQLite file is written: a new file once, in rollback-journal mode, then
switched to WAL for the builds after it; a file another process holds is left alone."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from bulletin.cache import store as store_module
from bulletin.cache.store import DATABASE, FLUSH_BYTES, CacheStore
from bulletin.pipeline import BuildOptions, build


def _journal_mode(folder: Path) -> str:
    with sqlite3.connect(folder / DATABASE) as db:
        return db.execute("PRAGMA journal_mode").fetchone()[0]


def _fill(store: CacheStore, count: int) -> None:
    """Enough values that the store hands them to SQLite before the build commits."""
    value = "学" * (FLUSH_BYTES // count)
    for i in range(count):
        store.put("x", f"k{i}", value + str(i))


def test_a_new_file_is_written_without_a_log_then_switched_to_wal(tmp_path: Path) -> None:
    first = CacheStore(tmp_path)
    assert first.fresh
    _fill(first, 40)
    assert (tmp_path / DATABASE).stat().st_size > FLUSH_BYTES  # the values went straight into the file
    assert not (tmp_path / f"{DATABASE}-wal").exists()
    first.commit()
    first.close()
    assert _journal_mode(tmp_path) == "wal"  # later builds: workers and other processes read while one writes
    second = CacheStore(tmp_path)
    assert not second.fresh
    assert second.get("x", "k39") == "学" * (FLUSH_BYTES // 40) + "39"
    second.close()


def _read_in_fork(store: CacheStore, queue: multiprocessing.Queue) -> None:
    queue.put((store.get("x", "k0"), store._child is None))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forked readers need fork")
def test_a_forked_worker_does_not_open_a_new_file_that_nothing_was_committed_to(tmp_path: Path) -> None:
    """The build's own uncommitted values are invisible to another connection; asking SQLite
    for them would only wait for the build's lock."""
    store = CacheStore(tmp_path)
    _fill(store, 40)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_read_in_fork, args=(store, queue))
    child.start()
    found, without_connection = queue.get(timeout=60)
    child.join(timeout=60)
    assert found is None and without_connection
    assert store.get("x", "k0") is not None  # this process still reads its own values
    store.close()


def _committed_store(folder: Path) -> None:
    store = CacheStore(folder)
    store.put("x", "kept", "值")
    store.commit()
    store.close()


def _holder(folder: Path) -> sqlite3.Connection:
    """Another process's connection that keeps the file to itself (even from WAL readers)."""
    holder = sqlite3.connect(folder / DATABASE, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT OR REPLACE INTO entries VALUES ('y', 'other', x'00')")
    return holder


def _said_busy(store: CacheStore) -> bool:
    return any("正被另一个程序使用" in zh for zh, _ in store.problems)


def test_a_build_opening_a_cache_that_a_first_build_is_writing_goes_without_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    first = CacheStore(tmp_path)
    _fill(first, 40)  # a first build, half-way: the new file is locked until it commits
    second = CacheStore(tmp_path)
    assert second.get("x", "k0") is None and _said_busy(second)  # no cache for it, and it says why
    second.close()
    first.commit()  # the file was neither taken for damaged nor deleted
    first.close()
    third = CacheStore(tmp_path)
    assert third.get("x", "k39") is not None
    third.close()


def test_two_builds_writing_one_cache_cost_the_second_its_cache_not_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _committed_store(tmp_path)
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    first, second = CacheStore(tmp_path), CacheStore(tmp_path)
    _fill(first, 40)  # the first build writes: SQLite lets one process write at a time
    assert second.get("x", "kept") == "值"  # reading goes on meanwhile (WAL)
    _fill(second, 40)  # the second must wait for the first's commit, and gives up waiting
    assert second.get("x", "kept") is None and _said_busy(second)
    second.commit()
    second.close()
    first.commit()
    first.close()
    again = CacheStore(tmp_path)
    assert again.get("x", "kept") == "值" and again.get("x", "k39") is not None
    again.close()


def test_a_cache_held_when_the_build_starts_is_left_in_place(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _committed_store(tmp_path)
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    holder = _holder(tmp_path)
    try:
        blocked = CacheStore(tmp_path)
        assert blocked.get("x", "kept") is None and _said_busy(blocked)
        blocked.close()
    finally:
        holder.rollback()
        holder.close()
    again = CacheStore(tmp_path)
    assert again.get("x", "kept") == "值"
    again.close()


def test_a_first_build_leaves_a_wal_cache_that_the_next_build_uses(example_copy: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(BuildOptions(content=example_copy, out=out, cache=cache, jobs=2))
    assert _journal_mode(cache) == "wal"
    page = example_copy / "issues/2010/001/01-mobilization.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    again = build(BuildOptions(content=example_copy, out=out, cache=cache, jobs=2))
    assert 0 < again.rendered < 20  # the edited article and the pages that list it, not the site
    assert not [d for d in again.diagnostics.items if d.code == "W413"]


def test_reads_share_one_transaction_that_ends_before_the_first_write(tmp_path: Path) -> None:
    """A build's reads before its first write are one read transaction (not one each); another
    build committing meanwhile does not cost this one its cache when it then writes."""
    first = CacheStore(tmp_path)
    first.put("x", "old", "旧")
    first.commit()
    first.close()
    reader, other = CacheStore(tmp_path), CacheStore(tmp_path)
    assert reader.get("x", "old") == "旧" and reader.get("x", "none") is None
    assert reader._db is not None and reader._db.in_transaction  # the reads' snapshot is still open
    other.put("x", "theirs", "别的")
    other.commit(prune=False)  # (pruning would drop what the other build did not use)
    other.close()
    reader.put("x", "mine", "新")
    reader.commit(prune=False)
    assert not reader.problems and reader._db is not None
    reader.close()
    check = CacheStore(tmp_path)
    assert [check.get("x", k) for k in ("old", "theirs", "mine")] == ["旧", "别的", "新"]
    check.close()
