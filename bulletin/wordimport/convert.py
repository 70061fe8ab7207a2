"""Old Word (.doc) and WPS (.wps) files become .docx through LibreOffice, when it is installed.

``soffice --headless --convert-to docx`` runs with a private profile folder, so a
LibreOffice the user has open does not swallow the conversion.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .doc and Kingsoft .wps
TIMEOUT = 180

# Where LibreOffice installs itself on Windows when it is not on PATH.
_WINDOWS_PLACES = ("LibreOffice/program/soffice.exe", "LibreOffice 7/program/soffice.exe")


class ConversionError(Exception):
    """LibreOffice ran and failed; the message is its reason."""


def file_kind(path: Path) -> str:
    """'docx' (a zip package), 'ole' (.doc/.wps) or 'other', from the first bytes, not the name."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return "docx"
    if head == OLE_MAGIC:
        return "ole"
    return "other"


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
        for place in _WINDOWS_PLACES if base else ():
            candidate = Path(base) / place  # type: ignore[arg-type]
            if candidate.is_file():
                return str(candidate)
    return None


def convert_to_docx(soffice: str, source: Path, workdir: Path) -> Path:
    """Convert ``source`` into ``workdir``; the .docx made."""
    profile = (workdir / "profile").resolve().as_uri()
    # LibreOffice picks its filter from the extension; a Kingsoft .wps is a Word
    # compound file, so it is handed over as .doc.
    staged = workdir / (source.stem + ".doc")
    shutil.copyfile(source, staged)
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", str(workdir / "out"), str(staged)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConversionError(str(exc)) from exc
    made = workdir / "out" / (staged.stem + ".docx")
    if done.returncode != 0 or not made.is_file():
        reason = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(reason[-1] if reason else f"exit code {done.returncode}")
    return made
