"""Old browsers (IE11, 360 compatibility mode, Chrome 90 on 信创 machines) can
not be run here, so what they need is checked in the files themselves: ES5
scripts (parsed by acorn from the npm registry), no CSS custom properties or
grid, and the compatibility meta tags on every page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "templates" / "static"
ACORN = ROOT / "tests" / "node_modules" / "acorn" / "dist" / "acorn.js"

PARSE_ES5 = """
const acorn = require(process.argv[1]);
const fs = require("fs");
try { acorn.parse(fs.readFileSync(process.argv[2], "utf8"), {ecmaVersion: 5}); }
catch (e) { console.log(e.message); process.exit(1); }
"""


def _es5_errors(path: Path) -> str:
    done = subprocess.run(["node", "-e", PARSE_ES5, str(ACORN), str(path)], capture_output=True, text=True)
    return "" if done.returncode == 0 else done.stdout + done.stderr


@pytest.mark.parametrize("name", ["search.js", "reader.js"])
def test_scripts_are_es5(name: str) -> None:
    assert ACORN.is_file(), "run `npm install` in tests/ (.ci/run does)"
    assert _es5_errors(STATIC / name) == ""


def test_es5_check_rejects_newer_syntax(tmp_path: Path) -> None:
    modern = tmp_path / "modern.js"
    modern.write_text("const f = (x) => `${x}`;\n", encoding="utf-8")
    assert _es5_errors(modern)


def test_scripts_avoid_apis_old_browsers_lack() -> None:
    for name in ("search.js", "reader.js"):
        source = re.sub(r"/\*.*?\*/", "", (STATIC / name).read_text(encoding="utf-8"), flags=re.S)
        for api in ("fetch(", "Promise", "Intl.Segmenter", "classList", ".includes(", "Array.from", "XMLHttpRequest"):
            assert api not in source, (name, api)


@pytest.mark.parametrize("name", ["style.css", "readers.css", "print.css"])
def test_stylesheets_need_no_custom_properties_or_grid(name: str) -> None:
    css = (STATIC / name).read_text(encoding="utf-8")
    assert "var(--" not in css and not re.search(r"display\s*:\s*(inline-)?grid", css)


def test_every_page_asks_old_browsers_for_their_best_engine(example_site: Path) -> None:
    pages = [p for p in example_site.rglob("*.html")]
    assert len(pages) > 80
    for page in pages:
        head = page.read_text(encoding="utf-8")[:1200]
        assert '<html lang="zh-CN">' in head
        assert '<meta http-equiv="X-UA-Compatible" content="IE=edge">' in head, page
        assert '<meta name="renderer" content="webkit">' in head, page


def test_reader_buttons_are_hidden_until_javascript_shows_them(example_site: Path) -> None:
    issue = (example_site / "issues/2010/005/index.html").read_text(encoding="utf-8")
    assert re.search(r'<button type="button" data-print hidden>打印本期</button>', issue)
    assert re.search(r'<button class="large-text-switch" type="button" data-large-text hidden>大字</button>', issue)
