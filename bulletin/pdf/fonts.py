"""The four faces of a GB/T 9704 page and where each comes from.

A 简报 is set in 仿宋 (body), 小标宋 (masthead, titles), 楷体 (编者按, （一）
headings) and 黑体 (一、 headings). Those fonts are not free; offices have
them on their Windows PCs. For each role the PDF embeds, in this order:

1. the file site.yaml names under ``pdf_fonts`` (checked in the validate stage);
2. a file in the ``fonts/`` folder of the content folder whose name says what
   it is (``仿宋_GB2312.ttf``, ``simfang.ttf``, ``FZXBSJW.TTF`` …);
3. such a file among the fonts installed on this computer (Windows, Linux);
4. a free font that covers the text (Noto CJK, LXGW WenKai), with one warning
   per build naming each substitution (W470).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True)
class Role:
    id: str
    label: str  # the face's Chinese name, as offices call it
    names: tuple[str, ...]  # file-name fragments that identify the face (lower case)
    fallback: tuple[str, ...]  # free families, best first (fontconfig names)
    fallback_label: str


ROLES: tuple[Role, ...] = (
    Role("fangsong", "仿宋", ("仿宋", "fangsong", "simfang", "fs_gb2312", "stfangso"),
         ("Noto Serif CJK SC",), "Noto Serif CJK SC（思源宋体）"),
    Role("xiaobiaosong", "小标宋", ("小标宋", "xiaobiaosong", "fzxbsjw", "fzxbs", "xbsong"),
         ("Noto Serif CJK SC",), "Noto Serif CJK SC 粗体（思源宋体）"),
    Role("kaiti", "楷体", ("楷体", "kaiti", "simkai", "kt_gb2312", "stkaiti"),
         ("LXGW WenKai", "Noto Serif CJK SC"), "LXGW WenKai（霞鹜文楷）"),
    Role("heiti", "黑体", ("黑体", "heiti", "simhei"),
         ("Noto Sans CJK SC",), "Noto Sans CJK SC（思源黑体）"),
)
ROLE_BY_KEY: dict[str, Role] = {key: role for role in ROLES for key in (role.id, role.label)}
ROLE_BY_KEY.update({"方正小标宋": ROLES[1], "方正小标宋简体": ROLES[1], "仿宋_GB2312": ROLES[0],
                    "楷体_GB2312": ROLES[2]})


@dataclass(frozen=True)
class FontChoice:
    role: Role
    path: str = ""  # the file embedded; "" = the free fallback
    origin: str = ""  # "site.yaml", "fonts/", "system" or ""

    @property
    def family(self) -> str:
        """The CSS family name the PDF stylesheet uses for this role."""
        return f"bulletin-{self.role.id}"

    def stack(self) -> str:
        """The CSS ``font-family`` value: the embedded file, else the free families."""
        names = [self.family] if self.path else list(self.role.fallback)
        return ", ".join(f'"{n}"' for n in names) + (", sans-serif" if self.role.id == "heiti" else ", serif")

    def identity(self) -> tuple:
        """What the PDFs depend on: the file and its size and time (a replaced font remakes them)."""
        if not self.path:
            return (self.role.id, "fallback")
        try:
            stat = os.stat(self.path)
        except OSError:
            return (self.role.id, self.path, None)
        return (self.role.id, self.path, stat.st_size, stat.st_mtime_ns)


def role_of_file(name: str) -> Role | None:
    """The face a font file's name says it is, if any (``simkai.ttf`` → 楷体)."""
    lowered = name.lower()
    if not lowered.endswith(FONT_SUFFIXES):
        return None
    # 小标宋 before 宋: a name holding both fragments is the title face.
    return next((role for role in ROLES if any(fragment in lowered for fragment in role.names)), None)


def fonts_in(folder: Path) -> dict[str, str]:
    """Role id → font file for the files in ``folder`` (and below) that name their face."""
    found: dict[str, str] = {}
    if not folder.is_dir():
        return found
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError:
        return found
    for path in files:
        role = role_of_file(path.name)
        if role is not None and role.id not in found:
            found[role.id] = str(path.resolve())
    return found


def system_font_folders() -> list[Path]:
    """Where this computer keeps installed fonts."""
    if sys.platform == "win32":
        folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return folders
    home = Path.home()
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]


_system_cache: dict[str, str] | None = None


def system_fonts() -> dict[str, str]:
    """The GB/T faces installed on this computer, by role (looked up once per process)."""
    global _system_cache
    if _system_cache is None:
        found: dict[str, str] = {}
        for folder in system_font_folders():
            for role_id, path in fonts_in(folder).items():
                found.setdefault(role_id, path)
        _system_cache = found
    return _system_cache


def choose_fonts(configured: dict[str, str], content_root: Path | None) -> list[FontChoice]:
    """One choice per role: site.yaml's file, else fonts/, else installed, else the free fallback."""
    folder = fonts_in(content_root / "fonts") if content_root is not None else {}
    installed = system_fonts()
    choices = []
    for role in ROLES:
        if configured.get(role.id):
            choices.append(FontChoice(role, configured[role.id], "site.yaml"))
        elif role.id in folder:
            choices.append(FontChoice(role, folder[role.id], "fonts/"))
        elif role.id in installed:
            choices.append(FontChoice(role, installed[role.id], "system"))
        else:
            choices.append(FontChoice(role))
    return choices


def font_faces(choices: list[FontChoice]) -> str:
    """@font-face rules for the embedded files."""
    rules = []
    for choice in choices:
        if choice.path:
            url = Path(choice.path).resolve().as_uri()  # percent-encoded: no quote can end the string
            rules.append(f'@font-face {{ font-family: "{choice.family}"; src: url("{url}"); }}')
    return "\n".join(rules)
