"""Bad register input: each case gives its exact message naming file, row, column and value,
all problems at once, exit code 1, no traceback, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.commands import main
from bulletin.errors import BuildError
from bulletin.pipeline import BuildOptions, build, check
from tests.register_fixture import CSV_ROWS, write_register_site, write_xlsx

HEADER = CSV_ROWS.splitlines()[0]


def messages(content: Path) -> list[str]:
    lib, diags = check(content)
    assert lib is None
    return [d.format("zh") for d in diags.sorted() if d.level == "error"]


def bad_csv(tree, *rows: str, header: str = HEADER) -> Path:
    content = write_register_site(tree)
    tree.write("submissions/坏表.csv", ("\r\n".join([header, *rows]) + "\r\n").encode("gbk"))
    return content


def test_every_problem_of_a_register_is_reported_at_once(tree) -> None:
    content = bad_csv(
        tree,
        "B-1,2011-01-07,玉东新去,标题一,,,,,",
        "B-2,2011-02-30,平河区,标题二,,,,,",
        "B-3,2011-01-08,平河区,标题三,,r9,市委办每日要情,市长,",
        "X-1,2011-01-09,平河区,标题四,,,,,",
        "B-5,2011-01-09,平河区,标题五,通知,,,,",
        "B-6,,平河区,,,,,,",
    )
    assert messages(content) == [
        "submissions/坏表.csv:2: 错误 E504: “单位”列：未知的单位“玉东新去”，是否想写“玉东新区”？ "
        "提示：单位须是 units.yaml 中登记的 id、全称或简称；联合报送的几个单位用“、”隔开。",
        "submissions/坏表.csv:3: 错误 E505: “报送日期”列：日期“2011-02-30”无效 "
        "提示：请写成 2011-03-05、2011年3月5日、2011/3/5 或 2011.3.5，或设为 Excel 日期格式；检查月、日是否存在。",
        "submissions/坏表.csv:4: 错误 E506: “外部采用”列：未知的外部采用刊物“市委办每日要情”，"
        "是否想写“市委办《每日要情》”？ "
        "提示：刊物须是 site.yaml 的 scoring.outlets 中列出的名称，几个刊物用“、”隔开。",
        "submissions/坏表.csv:4: 错误 E507: “批示”列：未知的批示级别“市长” "
        "提示：批示级别须是 site.yaml 的 scoring.instructions 中列出的名称，每个批示写一次，用“、”隔开。",
        "submissions/坏表.csv:4: 错误 E508: “约稿”列：未知的约稿“r9”，是否想写“r1”？ "
        "提示：约稿须是 site.yaml 的 requests 中某一项的 id。",
        "submissions/坏表.csv:5: 错误 E509: 编号“X-1”重复（已在 submissions/2011上半年.csv:2 出现） "
        "提示：编号在所有报送登记表中须唯一，请改正其中一行。",
        "submissions/坏表.csv:6: 错误 E513: “类型”列：未知的类型“通知” "
        "提示：类型只能是 工作动态、典型案例、进展通报（或 briefing、case、progress），也可不填。",
        "submissions/坏表.csv:7: 错误 E512: “报送日期”列为空 "
        "提示：每一行都须填写报送日期、单位和标题；整行作废时请删除这一行。",
        "submissions/坏表.csv:7: 错误 E512: “标题”列为空 "
        "提示：每一行都须填写报送日期、单位和标题；整行作废时请删除这一行。",
    ]


def test_a_missing_required_column(tree) -> None:
    content = bad_csv(tree, "B-1,2011-01-07,标题一", header="编号,日期,题目")
    assert messages(content) == [
        "submissions/坏表.csv:1: 错误 E502: 报送登记表缺少“单位”列 "
        "提示：第1行是列名，须有“报送日期”“单位”“标题”三列（也可写 date、units、title），顺序不限。"]


def test_two_articles_adopting_one_row(tree) -> None:
    content = write_register_site(tree)
    tree.article("issues/2011/002/03-again.md", """
        title: 兰溪市推进课题攻关（续）
        kind: briefing
        units: [lanxi]
        submission: X-5
    """)
    assert messages(content) == [
        "issues/2011/002/03-again.md:5: 错误 E510: 本文与 issues/2011/002/01-lanxi.md 采用了同一条报送登记"
        "（submissions/2011补充.xlsx:2） 提示：一条报送信息只能被一篇文章采用："
        "请在其中一篇的头信息中用“submission: 编号”指明它采用的那一条。"]


def test_a_submission_that_names_no_row_or_a_returned_one(tree) -> None:
    content = write_register_site(tree)
    tree.article("issues/2011/002/03-none.md", """
        title: 一篇文章
        kind: briefing
        units: [lanxi]
        submission: X-50
    """)
    tree.article("issues/2011/002/04-returned.md", """
        title: 另一篇文章
        kind: briefing
        units: [weisheng]
        submission: X-4
    """)
    assert messages(content) == [
        "issues/2011/002/03-none.md:5: 错误 E511: submission 写的“X-50”在报送登记表中找不到，是否想写“X-5”？ "
        "提示：请写报送登记表“编号”列中的编号，或删除这一行（按标题和单位自动对应）。",
        "issues/2011/002/04-returned.md:5: 错误 E514: submission 写的“X-4”是已退稿的信息"
        "（submissions/2011上半年.csv:5，退稿原因：内容与已刊发信息重复） "
        "提示：退稿的信息不能被采用：请改正编号，或清空报送登记表中这一行的“退稿原因”。"]


def test_unknown_outlet_in_an_articles_front_matter(tree) -> None:
    content = write_register_site(tree)
    tree.article("issues/2011/002/03-outlet.md", """
        title: 又一篇文章
        kind: briefing
        units: [lanxi]
        adopted_elsewhere: [省委办公厅信息快报]
    """)
    assert messages(content) == [
        "issues/2011/002/03-outlet.md:5: 错误 E506: “adopted_elsewhere”列：未知的外部采用刊物“省委办公厅信息快报”，"
        "是否想写“省委办公厅《信息快报》”？ "
        "提示：刊物须是 site.yaml 的 scoring.outlets 中列出的名称，几个刊物用“、”隔开。"]


def test_password_protected_or_damaged_xlsx(tree) -> None:
    content = write_register_site(tree)
    # An encrypted workbook is an OLE compound file, as an old .xls is.
    tree.write("submissions/加密.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    tree.write("submissions/损坏.xlsx", b"PK\x03\x04 this is not a workbook")
    assert messages(content) == [
        "submissions/加密.xlsx: 错误 E500: 无法读取报送登记表：文件设置了打开密码，或是旧版 .xls 格式 "
        "提示：请用 Excel 或 WPS 打开后取消打开密码，“另存为” Excel 工作簿（.xlsx）或 CSV 文件。",
        "submissions/损坏.xlsx: 错误 E500: 无法读取报送登记表：不是有效的 Excel（.xlsx）文件 "
        "提示：请用 Excel 或 WPS 打开后取消打开密码，“另存为” Excel 工作簿（.xlsx）或 CSV 文件。"]


def test_csv_neither_utf8_nor_gbk(tree) -> None:
    content = write_register_site(tree)
    tree.write("submissions/乱码.csv", "编号,报送日期\n".encode() + b"\xff\xfe\xfd\xfc,2011-01-01\n")
    assert messages(content) == [
        "submissions/乱码.csv: 错误 E501: 报送登记表（CSV）既不是 UTF-8 编码也不是 GBK 编码 "
        "提示：请用 Excel 或 WPS 打开后“另存为”“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”。"]


def test_xlsx_headers_in_english_any_order_and_an_unknown_column(tree) -> None:
    content = write_register_site(tree)
    write_xlsx(tree.root / "submissions/2011补充.xlsx", ["备注", "date", "remark", "units", "title", "id"],
               [["", "2011-02-10", "x", "兰溪市", "兰溪市推进课题攻关", "X-5"]])
    lib, diags = check(content)
    assert lib is not None
    assert [d.format("zh") for d in diags.warnings] == [
        "submissions/2011补充.xlsx:1: 警告 W461: 报送登记表中的“remark”列不认识，已忽略 "
        "提示：可用的列：编号、报送日期、单位、标题、类型、约稿、外部采用、批示、退稿原因。"]


@pytest.mark.parametrize("command", ["build", "stats", "check"])
def test_bad_register_exits_1_without_traceback_and_writes_nothing(tree, tmp_path: Path, capsys, command) -> None:
    content = bad_csv(tree, "B-1,2011-02-30,玉东新区,标题一,,,,,")
    out = tmp_path / "site"
    args = {"build": ["build", "--content", str(content), "--out", str(out)],
            "stats": ["stats", "--content", str(content), "--format", "csv", "--output", str(tmp_path / "s.csv")],
            "check": ["check", "--content", str(content)]}[command]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "submissions/坏表.csv:2: 错误 E505" in err and "Traceback" not in err
    assert not out.exists() and not (tmp_path / "s.csv").exists()


def test_a_good_site_is_left_as_it_was_when_the_register_breaks(tree, tmp_path: Path) -> None:
    content = write_register_site(tree)
    out = tmp_path / "site"
    build(BuildOptions(content=content, out=out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tree.write("submissions/坏表.csv", (HEADER + "\r\nB-1,2011-01-07,无此单位,标题一,,,,,\r\n").encode("gbk"))
    with pytest.raises(BuildError):
        build(BuildOptions(content=content, out=out))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_classified_item_in_the_register_stops_the_build(tree) -> None:
    content = bad_csv(tree, "B-1,2011-01-07,平河区,平河区有关情况（机密★1年）,,,,,")
    assert messages(content) == [
        "submissions/坏表.csv:2: 错误 E517: “标题”列有密级标志“机密★1年”：涉密信息不得登记进简报内容 "
        "提示：涉密信息按保密规定另行报送，请从登记表中删除这一行。"]
