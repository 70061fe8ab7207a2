"""A year's 合订本: a cover and 目录, the year's issue PDFs as they are, and an index by unit.

The issues are not laid out again: their PDFs (made for the issue pages, or kept
in the build cache) are joined with pypdf, so a 合订本 of a hundred issues costs
a few seconds, not the layout of a thousand pages, and its issues look exactly
like the ones filed and sent. The 目录 and index give volume pages (as a PDF
reader counts them); each article's page inside its issue comes from the
issue PDF's bookmarks, which are the article titles (pdf.css). The volume
also gets bookmarks: one per issue, with its articles below it.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from bulletin.model.entities import IssueKey
from bulletin.pdf.document import IssueDoc, IssuePages

# Renders the cover+目录 or the index for the given page numbers: (part, pages) -> PDF bytes.
Part = Callable[[str, dict[IssueKey, IssuePages]], bytes]


def assemble(docs: list[IssueDoc], issue_pdfs: list[bytes], render_part: Part) -> bytes:
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(BytesIO(data)) for data in issue_pdfs]
    inner = [_article_pages(doc, reader) for doc, reader in zip(docs, readers, strict=True)]
    counts = [len(reader.pages) for reader in readers]
    front_pages = 1
    for _attempt in range(3):  # the 目录's own length decides where the issues start
        pages = _numbering(docs, inner, counts, front_pages)
        front = PdfReader(BytesIO(render_part("front", pages)))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    index = PdfReader(BytesIO(render_part("index", pages)))
    writer = PdfWriter()
    writer.append(front)
    for doc, reader, articles in zip(docs, readers, inner, strict=True):
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        parent = writer.add_outline_item(title=_label(doc), page_number=start)
        for article, page in zip(doc.articles, articles, strict=True):
            writer.add_outline_item(title=article.title, page_number=start + page, parent=parent)
    index_start = len(writer.pages)
    writer.append(index, import_outline=False)
    writer.add_outline_item(title="单位索引", page_number=index_start)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _article_pages(doc: IssueDoc, reader: object) -> list[int]:
    """Each article's page inside its issue PDF (0-based), from the bookmarks; page 0 if they disagree."""
    outline = [item for item in reader.outline if not isinstance(item, list)]  # type: ignore[attr-defined]
    if len(outline) != len(doc.articles):
        return [0] * len(doc.articles)
    return [reader.get_destination_page_number(item) for item in outline]  # type: ignore[attr-defined]


def _numbering(docs: list[IssueDoc], inner: list[list[int]], counts: list[int],
               front_pages: int) -> dict[IssueKey, IssuePages]:
    pages: dict[IssueKey, IssuePages] = {}
    start = front_pages + 1
    for doc, articles, count in zip(docs, inner, counts, strict=True):
        pages[doc.issue.key] = IssuePages(start, [start + page for page in articles])
        start += count
    return pages


def _label(doc: IssueDoc) -> str:
    from bulletin.pdf.document import numbering
    from bulletin.render.environment import cn_date

    return f"{numbering(doc.issue)} {cn_date(doc.issue.date)}"
