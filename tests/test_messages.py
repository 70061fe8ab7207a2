"""Messages: documented, readable on a Chinese Windows console, in the chosen
language, and saved in a report that Notepad opens correctly."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin import messages_doc
from bulletin.commands import main
from bulletin.errors import CATALOG

ROOT = Path(__file__).resolve().parent.parent
BAD_ARTICLE = "---\ntitle：玉东新区召开动员会\nkind: case\nunits: [yudong]\n---\n据***教语〔2010〕5号文件。\n"


def test_docs_table_is_generated_from_the_catalogue() -> None:
    """Run ``python -m bulletin.messages_doc`` when this fails."""
    assert (ROOT / "docs/messages.md").read_text(encoding="utf-8") == messages_doc.render()


def test_docs_table_has_one_row_per_code() -> None:
    rows = [line for line in (ROOT / "docs/messages.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == sorted(CATALOG)


def test_every_message_can_be_shown_on_a_cp936_console() -> None:
    for message in CATALOG.values():
        for text in (message.zh, message.en, message.hint):
            text.encode("gbk")  # raises on a character code page 936 cannot show


def run_cli(*args: str, encoding: str = "gbk") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, env=env,
                          cwd=ROOT, timeout=60, check=False)


def test_check_on_a_gbk_console_prints_readable_messages_and_a_count(tree) -> None:
    tree.write("issues/2010/001/02-bad.md", BAD_ARTICLE)
    done = run_cli("check", "--content", str(tree.root))
    assert done.returncode == 1
    err, out = done.stderr.decode("gbk"), done.stdout.decode("gbk")  # strict: any mojibake byte fails
    assert ("issues/2010/001/02-bad.md:2: 错误 E108: 第2行使用了全角冒号“：”，请改为半角冒号“:” "
            "(line 2 uses a full-width colon '：'; use ':' instead) "
            "提示：把“：”改为英文半角“:”，并在其后加一个空格。") in err
    assert out.strip().splitlines()[-1] == "检查未通过：1 个错误，0 个警告 (check failed: 1 error, 0 warnings)"


def test_build_on_a_gbk_console_reports_warnings_and_the_count(tree, tmp_path: Path) -> None:
    tree.write("issues/2010/001/02-ok.md", BAD_ARTICLE.replace("title：", "title: "))
    done = run_cli("build", "--content", str(tree.root), "--out", str(tmp_path / "site"), "--lang", "zh",
                   "--no-pdf")  # PDFs would add a font warning (W470) on machines without the office's fonts
    assert done.returncode == 0, done.stderr.decode("gbk")
    err, out = done.stderr.decode("gbk"), done.stdout.decode("gbk")
    assert ("issues/2010/001/02-ok.md:6: 警告 W405: 连续星号“***”按原样显示，不作为加粗或斜体 "
            "提示：以星号隐去的文字无需改动；如要加粗请写成 **文字**；写成 \\* 可消除本提示。") in err
    assert "(the run of asterisks" not in err
    assert out.startswith("完成：") and "1 个警告" in out


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "issues/2010/001/02-bad.md:2: 错误 E108: 第2行使用了全角冒号“：”，请改为半角冒号“:” "
           "提示：把“：”改为英文半角“:”，并在其后加一个空格。"),
    ("en", "issues/2010/001/02-bad.md:2: error E108: line 2 uses a full-width colon '：'; use ':' instead"),
])
def test_lang_option(tree, capsys, lang: str, expected: str) -> None:
    tree.write("issues/2010/001/02-bad.md", BAD_ARTICLE)
    try:
        assert main(["check", "--content", str(tree.root), "--lang", lang]) == 1
    finally:
        main(["check", "--content", str(tree.root), "--lang", "both"])  # later tests expect the default
    captured = capsys.readouterr().err.splitlines()
    assert captured[0] == expected


def test_build_writes_a_notepad_report_beside_the_output(tree, tmp_path: Path, capsys) -> None:
    tree.write("issues/2010/001/02-bad.md", BAD_ARTICLE)
    out = tmp_path / "public" / "site"
    assert main(["build", "--content", str(tree.root), "--out", str(out)]) == 1
    report = tmp_path / "public" / "site-report.txt"
    data = report.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    text = data[3:].decode("utf-8")
    assert "issues/2010/001/02-bad.md:2: 错误 E108: 第2行使用了全角冒号“：”" in text
    assert "生成失败：1 个错误，0 个警告" in text
    assert f"详细报告 (report): {report}" in capsys.readouterr().err
    # Fixed: the site is built, the report says so, and it is not inside the published folder.
    tree.write("issues/2010/001/02-bad.md", BAD_ARTICLE.replace("title：", "title: "))
    assert main(["build", "--content", str(tree.root), "--out", str(out)]) == 0
    text = report.read_bytes()[3:].decode("utf-8")
    assert "E108" not in text and "W405" in text and "完成：" in text
    assert not list(out.rglob("*report*"))
