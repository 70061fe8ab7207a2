"""Word bulletins as an office makes them, built with python-docx for the import tests.

Everything is direct formatting, as in real office files: no heading styles. The
masthead is red 36 pt 小标宋, the 期号 line follows, the publisher/date line
carries a red bottom border (the red rule), 内部资料 sits in a text box (raw XML,
python-docx has no API for it), 栏目 headers in 【】 group centred 22 pt titles,
一、 headings are in 黑体, and the 版记 closes the issue.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

RED = RGBColor(0xE6, 0x00, 0x12)
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def png(width: int = 6, height: int = 4, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small real PNG, made without an imaging library."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


class Bulletin:
    """A document under construction, with the office's direct formatting."""

    def __init__(self) -> None:
        self.doc = Document()
        self.notes: list[str] = []

    # -- runs and paragraphs --------------------------------------------------------

    def para(self, text: str = "", *, size: float = 16, font: str = "仿宋_GB2312", red: bool = False,
             bold: bool = False, center: bool = False, indent: bool = True):
        p = self.doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            self.run(p, ("　　" if indent and not center else "") + text, size=size, font=font, red=red, bold=bold)
        return p

    @staticmethod
    def run(p, text: str, *, size: float = 16, font: str = "仿宋_GB2312", red: bool = False, bold: bool = False):
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold or None
        if red:
            run.font.color.rgb = RED
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)  # Font.name would set only the Latin font
        return run

    def red_rule_under(self, p) -> None:
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="1" '
                             f'w:color="E60012"/></w:pBdr>'))

    def text_box(self, text: str) -> None:
        """A floating text box, as Word 2010+ writes it: DrawingML with a VML fallback."""
        p = self.doc.add_paragraph()
        box = (f'<w:txbxContent><w:p><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr>'
               f'<w:t>{text}</w:t></w:r></w:p></w:txbxContent>')
        xml = (
            f'<w:r {nsdecls("w", "wp", "a")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" '
            'distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset>'
            '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="1800000" cy="400000"/><wp:wrapNone/><wp:docPr id="90" name="文本框 1"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
            '</wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape style="width:140pt;height:30pt"><v:textbox>{box}</v:textbox>'
            '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
        )
        p._p.append(parse_xml(xml))

    def footnote(self, p, text: str) -> None:
        """A footnote reference in ``p``; the footnotes part is made on save."""
        self.notes.append(text)
        number = len(self.notes)
        p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                              f'<w:footnoteReference w:id="{number}"/></w:r>'))

    def picture(self, data: bytes | None = None) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run().add_picture(BytesIO(data or png()))

    def table(self, rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value

    def drawn_line(self) -> None:
        """A red line drawn as a shape (VML), the other way offices make the rule."""
        p = self.doc.add_paragraph()
        p._p.append(parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            '<v:line from="0,0" to="440pt,0" strokecolor="red" strokeweight="2pt"/></w:pict></w:r>'))

    def header(self, text: str) -> None:
        self.doc.sections[0].header.paragraphs[0].text = text

    # -- the parts of a 简报 ------------------------------------------------------------

    def head(self, number_line: str, date_line: str, *, masthead: str = "学习型领导班子建设工作简报",
             marking: str = "内部资料 注意保存", special: str = "",
             publisher: str = "市学习型领导班子建设活动领导小组办公室") -> None:
        if marking:
            self.text_box(marking)
        self.para(masthead, size=36, font="方正小标宋简体", red=True, center=True)
        if special:
            self.para(special, size=22, font="方正小标宋简体", red=True, center=True)
        self.para(number_line, size=16, font="楷体_GB2312", center=True)
        p = self.doc.add_paragraph()
        self.run(p, f"{publisher}\t\t{date_line}", size=16, font="仿宋_GB2312")
        self.red_rule_under(p)

    def column(self, name: str) -> None:
        self.para(f"【{name}】", size=16, font="黑体", indent=False)

    def title(self, text: str) -> None:
        self.para(text, size=22, font="方正小标宋简体", center=True)

    def heading(self, text: str) -> None:
        self.para(text, size=16, font="黑体")

    def foot(self, lines: list[str]) -> None:
        for line in lines:
            self.para(line, size=14, indent=False)

    def save(self, path: Path) -> Path:
        if self.notes:
            self._footnotes_part()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path

    def _footnotes_part(self) -> None:
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
            for i, text in enumerate(self.notes, start=1))
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f'</w:p></w:footnote>{notes}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, xml.encode("utf-8"), self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)


def regular_issue(path: Path) -> Path:
    """第3期（总第12期）: 编者按, two 栏目, two articles with headings, a table, a picture, a footnote."""
    b = Bulletin()
    b.head("第3期（总第12期）", "2011年4月22日")
    b.para("编者按：行动学习重在把学习成果用到破解发展难题上。本期刊发两个单位的做法，请各单位结合实际借鉴。")
    b.column("工作动态")
    b.title("玉东新区召开行动学习课题推进会")
    first = b.para("4月18日，玉东新区召开行动学习课题推进会，逐项听取12个课题组的进展汇报。")
    b.footnote(first, "课题组由区直部门和乡镇的班子成员组成。")
    b.heading("一、课题推进的主要做法")
    b.para("区委组织部对每个课题建立台账，实行月报告制度。")
    b.para("（一）建立课题台账", size=16, font="楷体_GB2312")
    b.para("台账列明课题名称、牵头领导、完成时限。")
    b.para("1.明确责任分工")
    b.para("每个课题确定一名班子成员牵头。")
    b.table([["课题组", "参加人数", "完成进度"], ["土地流转", "12", "60%"], ["便民服务", "9", "45%"]])
    b.picture()
    b.para("下一步，新区将对进度滞后的课题进行督导。")
    b.para("（玉东新区委组织部 张华供稿）", indent=False)
    b.column("典型经验")
    b.title("市工信委以行动学习破解企业用工难题")
    b.para("市工信委把企业用工难作为行动学习课题，组织班子成员深入企业调研。")
    b.heading("二、取得的成效")
    b.para("通过校企合作，为重点企业输送技术工人300余名。")
    b.para("（通讯员：李强）", indent=False)
    b.foot(["报：市委常委，市长。", "送：市委组织部。", "发：各试点单位，各督导组。",
            "责任编辑：王晓　　签发：李明　　（共印150份）"])
    return b.save(path)


def supplement_issue(path: Path) -> Path:
    """增刊第1期 with a 专刊 title and a single article."""
    b = Bulletin()
    b.head("增刊第1期", "2011年5月6日", special="行动学习成果展示专刊")
    b.title("兰溪市行动学习成果转化情况")
    b.para("兰溪市把行动学习课题成果转化为17项制度。")
    b.para("（兰溪市委组织部供稿）", indent=False)
    b.foot(["发：各试点单位。", "责任编辑：王晓　　签发：李明　　（共印100份）"])
    return b.save(path)


def numbered_issue(path: Path, number: int, day: str, title: str) -> Path:
    """A plain issue with one article, for archive folders."""
    b = Bulletin()
    b.head(f"第{number}期", day)
    b.column("工作动态")
    b.title(title)
    b.para("玉东新区组织班子成员围绕课题开展集中研讨。")
    b.para("（玉东新区委组织部供稿）", indent=False)
    b.foot(["发：各试点单位。", "（共印120份）"])
    return b.save(path)


def short_issue(path: Path, number_line: str, day: str, title: str, text: str, **head: str) -> Path:
    """The head, one centred title and one paragraph; ``head`` as in ``Bulletin.head``."""
    b = Bulletin()
    b.head(number_line, day, **head)
    b.title(title)
    b.para(text)
    return b.save(path)


def classified_issue(path: Path, where: str = "textbox") -> Path:
    """An issue marked 机密★1年 in a text box, or 秘密 in the page header."""
    b = Bulletin()
    b.head("第5期", "2011年6月1日", marking="机密★1年" if where == "textbox" else "")
    if where == "header":
        b.header("秘密")
    b.title("玉东新区征地补偿方案研究情况")
    b.para("玉东新区研究了征地补偿方案。")
    return b.save(path)


def letter(path: Path) -> Path:
    """A Word document that is not a bulletin: no 期号, no date line."""
    b = Bulletin()
    b.para("关于报送学习材料的说明", size=22, center=True)
    b.para("各单位请于月底前报送学习材料。")
    return b.save(path)


def wps_style_issue(path: Path) -> Path:
    """Laid out as WPS templates often are: 内部资料 as a plain line above the masthead, the
    期号 and 总期号 on separate lines, publisher and date in a borderless two-cell table with the
    date in Chinese numerals, a drawn rule, a contents list, a subtitle and a centred byline,
    an 编者按 before the second piece, run-in headings, and the 版记 in a table."""
    b = Bulletin()
    b.para("内部资料　注意保存", size=14, font="黑体", indent=False)
    b.para("学习型领导班子建设", size=40, font="方正小标宋_GBK", red=True, center=True)
    b.para("工作简报", size=40, font="方正小标宋_GBK", red=True, center=True)
    b.para("第 十二 期", size=16, font="楷体_GB2312", center=True)
    b.para("（总第 21 期）", size=16, font="楷体_GB2312", center=True)
    table = b.doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "市学习型领导班子建设活动领导小组办公室"
    table.cell(0, 1).text = "二〇一一年十一月八日"
    b.drawn_line()
    b.para("本期目录", size=16, font="黑体", center=True)
    b.para("兰溪市推行“课题化”学习", indent=False)
    b.para("平稳推进第二批单位活动", indent=False)
    b.title("兰溪市推行“课题化”学习")
    b.para("——兰溪市行动学习工作经验", size=16, font="楷体_GB2312", center=True)
    b.para("兰溪市委组织部　赵敏", size=16, font="楷体_GB2312", center=True)
    b.para("（一）选题贴近中心工作。兰溪市围绕项目建设选定课题，由班子成员领题。")
    b.para("（二）成果当年转化。课题结题后形成的制度当年落实。")
    b.para("编者按：第二批单位起步晚，更要抓好督导。")
    b.title("第二批试点单位活动平稳推进")
    b.para("截至10月底，第二批试点单位全部完成动员部署，兰溪市、市工信委已确定首批课题。")
    foot = b.doc.add_table(rows=2, cols=1)
    foot.cell(0, 0).text = "报：市委常委，市人大常委会主任，市长。\n送：市委组织部。"
    foot.cell(1, 0).text = "市学习型领导班子建设活动领导小组办公室　　共印120份"
    return b.save(path)
