"""Only referenced files of allowed types are published, read safely and streamed (docs/publishing.md)."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from bulletin import pipeline
from bulletin.errors import BuildError
from bulletin.pipeline import BuildOptions, build, check
from bulletin.write import source_files

ARTICLE = "title: 附件\nkind: briefing\nunits: [yudong]\n"


def _codes(diags, level: str = "all") -> list[tuple[str, str, int]]:
    items = diags.errors if level == "error" else diags.warnings if level == "warning" else diags.items
    return sorted((d.code, d.path, d.line) for d in items)


def test_unlinked_files_are_not_published_and_are_reported(tree, tmp_path: Path) -> None:
    tree.write("issues/2010/001/evil.html", "<script>alert('XSS7')</script>")
    tree.write("issues/2010/001/evil.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    tree.write("issues/2010/001/说明.docx", b"PK\x03\x04")
    tree.write("units/yudong.png", b"\x89PNG")
    out = tmp_path / "site"
    result = build(BuildOptions(content=tree.root, out=out))
    assert _codes(result.diagnostics, "warning") == [
        ("W411", "issues/2010/001/evil.html", 0), ("W411", "issues/2010/001/evil.svg", 0),
        ("W411", "issues/2010/001/说明.docx", 0), ("W411", "units/yudong.png", 0)]
    published = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    # (generated files such as the statistics' 通报 .docx live under stats/; content files beside their pages)
    assert not {p for p in published if p.endswith((".svg", ".docx", ".png")) and p.startswith(("issues/", "units/"))}
    assert "issues/2010/001/evil.html" not in published


def test_notepad_md_txt_gets_a_rename_hint(tree, tmp_path: Path) -> None:
    tree.write("issues/2010/001/04-稿件.md.txt", "---\ntitle: 稿件\n---\n正文\n")
    _, diags = check(tree.root)
    (found,) = diags.warnings
    assert (found.code, found.path) == ("W412", "issues/2010/001/04-稿件.md.txt")
    assert "“04-稿件.md”" in found.text("zh")


@pytest.mark.parametrize("name", ["evil.html", "evil.xhtml", "evil.svg", "run.js", "page.htm"])
def test_a_linked_file_of_an_unsafe_type_is_an_error(tree, tmp_path: Path, name: str) -> None:
    tree.write(f"issues/2010/001/{name}", "<script>alert('XSS7')</script>")
    tree.article("issues/2010/001/02-link.md", ARTICLE, f"正文。\n\n[查看附件]({name})\n")
    out = tmp_path / "site"
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=out))
    assert _codes(failure.value.diagnostics, "error") == [("E325", "issues/2010/001/02-link.md", 8)]
    assert name in failure.value.diagnostics.errors[0].text("zh")
    assert not out.exists()


def test_a_raw_img_link_publishes_its_picture_and_a_missing_one_is_w404(tree, tmp_path: Path) -> None:
    tree.write("pages/about.md", "---\ntitle: 关于本刊\n---\n<img src=\"logo.png\">\n\n<img src=x>\n")
    tree.write("pages/logo.png", b"\x89PNG")
    out = tmp_path / "site"
    result = build(BuildOptions(content=tree.root, out=out))
    assert _codes(result.diagnostics) == [("W404", "pages/about.md", 6)]
    assert (out / "pages/logo.png").read_bytes() == b"\x89PNG"


def test_files_linked_only_by_drafts_or_future_articles_stay_out(tree, tmp_path: Path) -> None:
    tree.write("issues/2010/001/草稿图.png", b"\x89PNG-draft")
    tree.write("issues/2010/001/定时图.png", b"\x89PNG-later")
    tree.article("issues/2010/001/02-draft.md", ARTICLE + "draft: true\n", "![图](草稿图.png)\n")
    tree.article("issues/2010/001/03-later.md", ARTICLE + "publish_after: 2999-01-01\n", "![图](定时图.png)\n")
    out = tmp_path / "site"
    result = build(BuildOptions(content=tree.root, out=out))
    assert not list(out.rglob("*图.png"))
    assert {("W411", "issues/2010/001/草稿图.png"), ("W411", "issues/2010/001/定时图.png")} <= {
        (d.code, d.path) for d in result.diagnostics.warnings}
    preview = build(BuildOptions(content=tree.root, out=tmp_path / "preview", drafts=True))
    assert (tmp_path / "preview/issues/2010/001/草稿图.png").is_file()
    assert "W411" not in {d.code for d in preview.diagnostics.items if "草稿图" in d.path}


def test_a_hard_link_to_an_outside_file_is_refused(tree, tmp_path: Path) -> None:
    outside = tmp_path / "机要名单.pdf"
    outside.write_bytes(b"%PDF-1.4 secret")
    os.link(outside, tree.root / "issues/2010/001/名单.pdf")
    tree.article("issues/2010/001/02-link.md", ARTICLE, "[名单](名单.pdf)\n")
    out = tmp_path / "site"
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=out))
    assert _codes(failure.value.diagnostics, "error") == [("E326", "issues/2010/001/名单.pdf", 0)]
    assert "硬链接" in failure.value.diagnostics.errors[0].text("zh")
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_an_attachment_swapped_for_a_symlink_after_the_check_is_not_copied(
        tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race of the incident: checked as a plain file, a link to an outside file by copy time."""
    secret = tmp_path / "secret.zip"
    secret.write_bytes(b"PK SECRET")
    attachment = tree.write("issues/2010/001/附件.zip", b"PK public")
    tree.article("issues/2010/001/02-link.md", ARTICLE, "[附件](附件.zip)\n")
    out = tmp_path / "site"
    build(BuildOptions(content=tree.root, out=out, use_cache=False))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    attachment.write_bytes(b"PK public, edited")
    original = pipeline.check

    def check_then_swap(*args, **kwargs):
        found = original(*args, **kwargs)
        attachment.unlink()
        attachment.symlink_to(secret)
        return found

    monkeypatch.setattr(pipeline, "check", check_then_swap)
    with pytest.raises(BuildError) as failure:
        build(BuildOptions(content=tree.root, out=out, use_cache=False))
    assert _codes(failure.value.diagnostics, "error") == [("E326", "issues/2010/001/附件.zip", 0)]
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before, "the site is byte-identical and no temporary file is left"
    assert b"SECRET" not in b"".join(after.values())


def test_a_fifo_in_place_of_an_attachment_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "附件.pdf"
    os.mkfifo(fifo)
    with pytest.raises(source_files.UnsafeSourceError) as refused:
        source_files.open_source(fifo)
    assert refused.value.reason_en == "it is not a regular file"


def test_large_attachments_are_streamed_not_read_whole(tree, tmp_path: Path) -> None:
    size = 64 * 1024 * 1024
    big = tree.root / "issues/2010/001/录像.zip"
    with big.open("wb") as handle:  # sparse: no disk space used
        handle.truncate(size)
    tree.article("issues/2010/001/02-big.md", ARTICLE, "[录像](录像.zip)\n")
    out = tmp_path / "site"
    tracemalloc.start()
    try:
        build(BuildOptions(content=tree.root, out=out, use_cache=False))
        big.write_bytes(b"")  # an edit: compared and copied again
        with big.open("wb") as handle:
            handle.write(b"x")
            handle.truncate(size)
        build(BuildOptions(content=tree.root, out=out, use_cache=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (out / "issues/2010/001/录像.zip").stat().st_size == size
    assert (out / "issues/2010/001/录像.zip").read_bytes()[:1] == b"x"
    assert peak < size // 4, f"peak {peak} bytes: the attachment was held in memory"


def test_link_messages_show_the_link_as_written(tree) -> None:
    tree.article("issues/2010/001/02-x.md", ARTICLE, "[附件](附件\\_一.pdf)\n")
    _, diags = check(tree.root)
    (missing,) = [d for d in diags.warnings if d.code == "W404"]
    assert missing.args["target"] == "附件_一.pdf" and "\x02" not in missing.format()
