"""The shape of the code, checked: one-way stages without import circles, one reader
of the content folder, and commands that do only the work they need."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.pipeline import BuildOptions, build, check

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bulletin"
# The pipeline's stages in order. The dataclasses of model/entities.py and model/content.py are
# the shared vocabulary every stage speaks, not a stage: validate makes them, later stages read them.
STAGES = ["load", "validate", "model", "markdown", "render", "write"]
SHARED_TYPES = {"bulletin.model", "bulletin.model.entities", "bulletin.model.content"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every import between modules of the package, lazy ones inside functions included
    (those under ``if TYPE_CHECKING:`` are for the type checker only)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bulletin"):
                found |= {m for a in node.names if (m := known(f"{node.module}.{a.name}"))}
            elif isinstance(node, ast.Import):
                found |= {m for a in node.names if a.name.startswith("bulletin") and (m := known(a.name))}
        graph[name] = found - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in graph:
        if node not in index:
            visit(node)
    return found


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if module in SHARED_TYPES or len(parts) < 2 or parts[1] not in STAGES:
        return None
    return STAGES.index(parts[1])


def test_the_import_graph_has_no_circle() -> None:
    assert _cycles(import_graph()) == []


def test_no_stage_imports_a_later_stage() -> None:
    later = [(module, other) for module, imports in import_graph().items() for other in imports
             if _stage(module) is not None and _stage(other) is not None and _stage(other) > _stage(module)]
    assert later == []


def test_the_model_does_not_reach_back_into_validate() -> None:
    graph = import_graph()
    assert not any(other.startswith("bulletin.validate") for other in graph["bulletin.model.library"])


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch):
    """Who lists a folder inside ``root``: (calling module, folder) for every listing call."""
    seen: list[tuple[str, str]] = []
    roots: list[Path] = []

    def record(path: object) -> None:
        resolved = Path(os.fspath(path)).resolve()  # type: ignore[arg-type]
        if any(resolved == r or r in resolved.parents for r in roots):
            caller = sys._getframe(2).f_globals.get("__name__", "?")
            seen.append((caller, resolved.as_posix()))

    real_scandir, real_walk, real_iterdir = os.scandir, os.walk, Path.iterdir
    real_glob, real_rglob = Path.glob, Path.rglob
    monkeypatch.setattr(os, "scandir", lambda path=".": (record(path), real_scandir(path))[1])
    monkeypatch.setattr(os, "walk", lambda top, *a, **k: (record(top), real_walk(top, *a, **k))[1])
    monkeypatch.setattr(Path, "iterdir", lambda self: (record(self), real_iterdir(self))[1])
    monkeypatch.setattr(Path, "glob", lambda self, p, **k: (record(self), real_glob(self, p, **k))[1])
    monkeypatch.setattr(Path, "rglob", lambda self, p, **k: (record(self), real_rglob(self, p, **k))[1])
    return roots, seen


def test_only_load_lists_the_content_folder(walks, example_copy: Path, tmp_path: Path) -> None:
    roots, seen = walks
    roots.append(example_copy.resolve())
    build(BuildOptions(content=example_copy, out=tmp_path / "site", use_cache=False))
    assert seen, "the build lists the content folder somewhere"
    # The build cache's stat scan (cache/state.py) decides, before anything is loaded, whether
    # anything changed at all; it is off here (use_cache=False), so only load may list.
    assert {caller for caller, _ in seen} == {"bulletin.load.sources"}
    assert len([folder for _, folder in seen if folder == roots[0].as_posix()]) == 1  # the top, once


def test_load_lists_documents_assets_and_registers(example_copy: Path) -> None:
    from bulletin.errors import Diagnostics
    from bulletin.load import load_content

    (example_copy / "units" / "yudong-logo.png").write_bytes(b"\x89PNG")
    raw = load_content(example_copy, Diagnostics())
    registers = [f for f in raw.listing.files if f.startswith("submissions/")]
    assert registers and raw.registers is not None  # the example keeps a register
    assert sorted(r.rel for r in raw.registers) == sorted(f for f in registers if f.endswith((".csv", ".xlsx")))
    assert "units/yudong-logo.png" in raw.shared_assets
    assert "site.yaml" in raw.listing.files and "issues/2010/001/issue.md" in raw.listing.files
    assert raw.issues and all(f.rel in raw.listing.folders for f in raw.issues)


def test_stats_never_renders_markdown(tree, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import bulletin.markdown

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("stats rendered Markdown")

    assert main(["stats", "--content", str(tree.root), "--period", "all"]) == 0
    before = capsys.readouterr().out
    monkeypatch.setattr(bulletin.markdown, "render_library", refuse)
    assert main(["stats", "--content", str(tree.root), "--period", "all"]) == 0
    assert capsys.readouterr().out == before and "玉东新区" in before


def test_check_without_markdown_leaves_bodies_unrendered(tree) -> None:
    lib, _ = check(tree.root, markdown=False)
    assert lib is not None and lib.articles and all(a.html == "" for a in lib.articles)


def test_files_beside_profiles_and_pages_reach_the_site_through_the_listing(tree, tmp_path: Path) -> None:
    tree.write("units/yudong.md", "---\ntitle: 玉东新区\n---\n![现场](yudong-logo.png)\n")
    tree.write("units/yudong-logo.png", b"\x89PNG\r\n\x1a\n")
    # (a text attachment: safety reads the text of linked attachments, and a fake PDF is refused, E329)
    tree.write("pages/about.md", "---\ntitle: 关于本刊\n---\n见[附件](附件.txt)。\n")
    tree.write("pages/附件.txt", "附件正文".encode())
    result = build(BuildOptions(content=tree.root, out=tmp_path / "site", use_cache=False))
    assert [d.code for d in result.diagnostics.items if d.code == "W404"] == []  # found in load's listing
    assert (tmp_path / "site/units/yudong-logo.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "site/pages/附件.txt").read_bytes() == "附件正文".encode()
