"""validate/documents.py's file_stem is PurePosixPath's stem for the paths load lists."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from bulletin.validate.documents import file_stem


@pytest.mark.parametrize("rel", ["issues/2010/001/01-x.md", "a/x.MD", "a/x.", "a/x", "x.tar.gz", "a/.x", "a/..md",
                                 "a/x..", "a/b.c/d", "issues/2011/s1/05-会议（一）.md", "pages/关于.md", "x"])
def test_file_stem_is_the_path_stem(rel: str) -> None:
    assert file_stem(rel) == PurePosixPath(rel).stem
