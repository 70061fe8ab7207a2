"""Windows-like mode for the tests (``pytest --windows-like``, ``BULLETIN_WINDOWS_LIKE=1``).

Python imports this module at start-up in every process whose PYTHONPATH holds
this folder: the test process (through tests/conftest.py) and every process
the tests start (build.py subprocesses, spawned pool workers). With the
variable set, the process behaves like Windows where it matters to bulletin:

- no ``fork`` or ``forkserver`` start method; pools start workers by ``spawn``;
- ``os.fork`` does not exist, nor ``os.sched_getaffinity``;
- ``os.symlink`` fails as it does for a user without the symbolic-link
  privilege: ``OSError`` with ``winerror`` 1314.
"""

from __future__ import annotations

import errno
import os

VARIABLE = "BULLETIN_WINDOWS_LIKE"
ERROR_PRIVILEGE_NOT_HELD = 1314


def apply() -> None:
    import multiprocessing

    if getattr(multiprocessing, "_bulletin_windows_like", False):
        return
    multiprocessing._bulletin_windows_like = True  # type: ignore[attr-defined]
    multiprocessing.set_start_method("spawn", force=True)
    real_get_context = multiprocessing.get_context

    def get_context(method: str | None = None):  # noqa: ANN202 (mirrors multiprocessing)
        if method not in (None, "spawn"):
            raise ValueError(f"cannot find context for {method!r}")
        return real_get_context(method)

    multiprocessing.get_context = get_context
    multiprocessing.get_all_start_methods = lambda: ["spawn"]
    for name in ("fork", "forkpty", "sched_getaffinity"):
        if hasattr(os, name):
            delattr(os, name)
    # Tests that need a link to exist as their starting point (made on Windows by an
    # administrator) use tests.helpers.make_symlink; the code under test cannot make one.
    os.bulletin_real_symlink = os.symlink  # type: ignore[attr-defined]
    os.symlink = _symlink_without_privilege


def _symlink_without_privilege(src, dst, target_is_directory=False, *, dir_fd=None):  # noqa: ANN001, ANN202
    text = "[WinError 1314] 客户端没有所需的特权。 (A required privilege is not held by the client)"
    error = OSError(errno.EPERM, text, os.fspath(dst))
    error.winerror = ERROR_PRIVILEGE_NOT_HELD  # type: ignore[attr-defined]
    raise error


if os.environ.get(VARIABLE) == "1":
    apply()
