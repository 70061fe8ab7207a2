"""The catalogues own every message: strict formatting, one language at a time,
natural counts, argparse in Chinese, and no Chinese prose hidden in the code."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from bulletin.commands import COMMANDS, main
from bulletin.errors import CATALOG, Diagnostics, fields_of
from bulletin.pipeline import FEATURE_NAMES
from bulletin.texts import TEXTS, both, say

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bulletin"
HAN = re.compile(r"[\u3400-\u9fff]")
BAD_ARTICLE = "---\ntitle：Report\nkind: case\nunits: [yudong]\n---\nBody.\n"


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse: help, usage errors
        code = int(stop.code or 0)
    captured = capsys.readouterr()
    main(["check", "--content", "/nonexistent", "--lang", "both"])  # later tests expect the default
    capsys.readouterr()  # (the reset's own output)
    return code, captured.out + captured.err


@pytest.fixture
def runs(tree, tmp_path: Path):
    """Every kind of output: success, warnings, errors, a usage error, the help."""
    def all_outputs(capsys, lang: str) -> str:
        out = str(tmp_path / "site")
        said = []
        for argv in (["check", "--content", str(tree.root)],
                     ["build", "--content", str(tree.root), "--out", out, "--no-cache"],
                     ["new", "nonsense", "--content", str(tree.root)],
                     ["build", "--no-such-option"],
                     ["build", "-h"], ["-h"], ["stats", "-h"], ["new", "-h"], ["publish", "-h"]):
            said.append(run(capsys, *argv, "--lang", lang)[1])
        tree.write("issues/2010/001/02-bad.md", BAD_ARTICLE)
        said.append(run(capsys, "build", "--content", str(tree.root), "--out", out, "--no-cache", "--lang", lang)[1])
        return "\n".join(said)
    return all_outputs


def test_lang_en_prints_no_chinese(runs, capsys, tmp_path: Path) -> None:
    said = runs(capsys, "en")
    assert "usage:" in said and "done:" in said and "error E108" in said
    assert [line for line in said.splitlines() if HAN.search(line.replace(str(tmp_path), ""))] == []


def test_lang_zh_prints_no_english_prose(runs, capsys) -> None:
    said = runs(capsys, "zh")
    assert "用法：" not in said and "用法:" in said and "完成：" in said and "显示本帮助并退出" in said
    for english in ("usage", "options", "positional arguments", "show this help", "error:", "done",
                    "errors", "warnings", "build failed", "unknown", "(content folder"):
        assert english not in said, english


def test_counts_read_naturally() -> None:
    diags = Diagnostics()
    diags.add("W403", "a.md")
    diags.add("E201", "a.md", key="title")
    from bulletin.commands.common import summary_counts

    counts = summary_counts(diags)
    assert counts.en == "1 error, 1 warning" and counts.zh == "1 个错误，1 个警告"
    diags.add("E201", "b.md", key="title")
    assert summary_counts(diags).en == "2 errors, 1 warning"


def test_a_missing_argument_fails_instead_of_printing_nothing() -> None:
    with pytest.raises(KeyError):
        Diagnostics().add("E202", "a.md", key="date", value="x")  # expected, expected_en missing
    with pytest.raises(KeyError):
        say("check.passed", "zh", issues=1, articles=2)


def test_a_nested_text_is_said_in_each_language() -> None:
    diags = Diagnostics()
    diags.add("E211", "issues/20x", name="20x", what=both("load.year_folder"))
    item = diags.items[0]
    assert item.text("en") == "folder name '20x' is not a valid year"
    assert "不是有效的年份" in item.text("zh") and "year" not in item.text("zh")


def _calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                found.append((path.relative_to(ROOT).as_posix(), node))
    return found


def test_every_diagnostic_call_passes_every_argument_its_message_needs() -> None:
    checked = 0
    for where, call in _calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if name not in ("add", "error", "warn", "print_problem") or not call.args:
            continue
        first = call.args[0]
        if not (isinstance(first, ast.Constant) and first.value in CATALOG):
            continue
        if any(k.arg is None for k in call.keywords):  # **args: checked when it runs
            continue
        given = {k.arg for k in call.keywords}
        assert fields_of(first.value) <= given, f"{where}:{call.lineno}: {first.value} lacks " \
                                                 f"{sorted(fields_of(first.value) - given)}"
        checked += 1
    assert checked > 50


def test_every_text_key_the_code_uses_exists() -> None:
    used = set()
    for where, call in _calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        # text() is the commands' helper (commands/common.py); elsewhere a local may be called text
        helpers = ("say", "echo", "both", "text") if where.startswith("bulletin/commands/") else ("say", "echo", "both")
        if name in helpers and call.args and isinstance(call.args[0], ast.Constant):
            assert call.args[0].value in TEXTS, f"{where}:{call.lineno}: {call.args[0].value}"
            used.add(call.args[0].value)
    # keys made at run time
    used |= {f"cli.{name}" for name in COMMANDS} | {f"build.help.no_{name}" for name in FEATURE_NAMES}
    assert all(key in TEXTS for key in used)


# Files where Chinese string literals belong, and why. Everything else in bulletin/ says its
# Chinese through the catalogues (errors.py, texts.py) or the templates.
CHINESE_ALLOWED = {
    "bulletin/errors.py": "the catalogue of diagnostics",
    "bulletin/texts.py": "the catalogue of every other text",
    "bulletin/messages_doc.py": "the page docs/messages.md it writes",
    "bulletin/patterns.py": "the regular expressions that match Chinese text",
    "bulletin/model/entities.py": "default labels of kinds and unit types (shown on pages)",
    "bulletin/validate/fields.py": "alias table: Chinese field names and values",
    "bulletin/validate/site.py": "alias table and bilingual message arguments",
    "bulletin/validate/documents.py": "bilingual message arguments (zh with _en)",
    "bulletin/scaffold/__init__.py": "the Chinese files ``new`` writes into the content folder",
    "bulletin/render/environment.py": "Chinese dates and numerals (template filters)",
    "bulletin/render/pages.py": "page titles and 报/送/发 shown on pages",
    "bulletin/search/__init__.py": "labels the search page shows",
    "bulletin/serve/server.py": "the preview's error page (HTML)",
    "bulletin/stats/charts.py": "chart labels and fonts (SVG)",
    "bulletin/stats/export.py": "column headings of CSV and terminal tables",
    "bulletin/stats/pages.py": "labels the statistics pages show",
    "bulletin/stats/periods.py": "period labels shown on pages",
    "bulletin/stats/rankings.py": "status labels shown on pages",
    "bulletin/stats/series.py": "metric unit aliases",
    "bulletin/markdown/lint.py": "the full-width symbols it looks for",
    "bulletin/markdown/sanitize.py": "what W422 names (bilingual message argument)",
    "bulletin/publish/verify.py": "what E317 names",
    "bulletin/render/feeds.py": "the list separator in feed entries",
    "bulletin/validate/secrecy.py": "the classification markings it looks for",
    "bulletin/bench/corpus.py": "the Chinese content it generates",
    "bulletin/bench/hugo.py": "the same generated Chinese content, as a Hugo site",
    "bulletin/bench/runner.py": "the benchmark's own report (a developer tool)",
    "bulletin/bundle/__init__.py": "the name of the 安装说明 file in the bundle",
    "bulletin/bundle/scripts.py": "the Chinese .bat/.sh scripts and instructions the bundle carries",
    "bulletin/load/register.py": "alias table: the Chinese column headings of a register",
    "bulletin/validate/register.py": "alias tables of register values and bilingual message arguments",
    "bulletin/stats/notice.py": "the Chinese text of the 通报 document it writes",
    "bulletin/pdf/document.py": "the Chinese text of the PDFs it lays out (报/送/发, 编者按, issue labels)",
    "bulletin/pdf/fonts.py": "Chinese font names the PDF fonts are recognised by, and their labels",
    "bulletin/pdf/volume.py": "the 合订本's outline entry (shown in the PDF)",
    "bulletin/wordimport/assemble.py": "alias table: Chinese words for the kinds of article",
    "bulletin/wordimport/importer.py": "Chinese a Word bulletin is recognised by; where in the document",
    "bulletin/wordimport/patterns.py": "the regular expressions that match Chinese bulletins",
    "bulletin/wordimport/safety.py": "the markings it looks for; where in the document",
    "bulletin/wordimport/split.py": "Chinese fonts and headings a Word bulletin is recognised by",
}


def _chinese_literals(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and HAN.search(node.value)]


def test_no_chinese_string_literals_outside_the_catalogues() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel not in CHINESE_ALLOWED:
            lines = _chinese_literals(path)
            if lines:
                offenders[rel] = lines
    assert offenders == {}


def test_the_allow_list_names_only_files_that_exist() -> None:
    assert [rel for rel in CHINESE_ALLOWED if not (ROOT / rel).is_file()] == []


def test_an_option_type_error_is_said_from_the_catalogue(tmp_path: Path, capsys) -> None:
    code, said = run(capsys, "publish", "--to", str(tmp_path / "pub"), "--keep", "0", "--lang", "zh")
    assert code == 2 and "至少保留 1 个版本" in said and "Traceback" not in said
    code, said = run(capsys, "new", "case", "--issue", "2011年第三期", "--lang", "en")
    assert code == 2 and "is not an issue: write it as 2011/3" in said


def test_no_text_key_is_defined_twice() -> None:
    """TEXTS is built with a dict comprehension, which would silently keep the last of two entries."""
    source = (Path(__file__).resolve().parent.parent / "bulletin" / "texts.py").read_text(encoding="utf-8")
    keys = Counter(re.findall(r'Text\("([^"]+)"', source))
    assert [key for key, count in keys.items() if count > 1] == []
