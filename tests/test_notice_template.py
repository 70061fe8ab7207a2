"""The 通报 .docx is written into one prepared template per process (bulletin/stats/notice.py
``_Template``): each document is what python-docx itself saves for it, whatever was written before."""

from __future__ import annotations

import io
import zipfile

import docx

from bulletin.stats import notice
from bulletin.stats.notice import ANNEX_HEADER, TABLE_HEADER, NoticeContent, notice_docx


def content(annex_rows: int, register: bool = True, publisher: str = "市委办公室") -> NoticeContent:
    header = TABLE_HEADER if register else ["名次", "单位", "采用", "外部采用", "批示", "积分"]
    row = [str(n) for n in range(len(header))]
    return NoticeContent(f"2011年{annex_rows % 12 + 1}月信息报送采用情况通报", "4月全市共报送信息12条。",
                         [("区县", [row, row]), ("市直单位", [row])], [("未报送", "无"), ("零采用", "平河区")],
                         "采用信息目录", [[str(n), f"经验{n}", "平河区", "第3期"] for n in range(1, annex_rows + 1)],
                         publisher, register)


def test_a_notice_is_the_same_bytes_whatever_was_written_before_it() -> None:
    notice._template.cache_clear()  # a fresh template, as in a new process
    small = content(1)
    first = notice_docx(small)
    notice_docx(content(300))
    notice_docx(content(0, register=False, publisher=""))  # other tables, no annex table, an empty paragraph
    assert notice_docx(small) == first
    document = docx.Document(io.BytesIO(first))
    assert [len(t.rows) for t in document.tables] == [3, 2, 2]
    assert [c.text for c in document.tables[2].rows[1].cells] == ["1", "经验1", "平河区", "第3期"]
    assert [p.text for p in document.paragraphs][-5:-2] == ["市委办公室", "　　年　月　日", ""]


def test_every_member_is_what_python_docx_saves_for_the_same_document() -> None:
    data = notice_docx(content(40, publisher="　市委办公室\t信息科 "))  # python-docx's own run text: tab, xml:space
    saved = io.BytesIO()
    notice._template().document.save(saved)  # the template still holds this notice
    ours, theirs = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(saved)
    assert ours.testzip() is None
    assert ours.namelist() == theirs.namelist()
    for name in theirs.namelist():
        assert ours.read(name) == theirs.read(name), name
    assert ANNEX_HEADER[1] in ours.read("word/document.xml").decode("utf-8")
    publisher = docx.Document(io.BytesIO(data)).paragraphs[-5]
    assert publisher.text == "　市委办公室\t信息科 "
