"""Write docs/messages.md, the table of every message, from ``errors.CATALOG``.

Run ``python -m bulletin.messages_doc`` after adding or changing a message;
a test fails while the file and the catalogue disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bulletin.errors import CATALOG, Diagnostic, Message
from bulletin.texts import say

DOC = Path(__file__).resolve().parent.parent / "docs" / "messages.md"

# Sections of the table, by the first two characters of the code.
SECTIONS = [
    ("E1", "E1xx 读取文件和头信息 (reading files and front matter)"),
    ("E2", "E2xx 内容校验 (validation)"),
    ("E3", "E3xx 发布安全 (publishing safety)"),
    ("E5", "E5xx 报送登记与采用 (submissions register and adoption)"),
    ("E6", "E6xx PDF 与字体 (PDFs and fonts)"),
    ("E7", "E7xx 导入 Word 简报 (importing Word archives)"),
    ("E8", "E8xx 安装与在办公电脑上运行 (installing and running on office machines)"),
    ("W4", "W4xx 警告：能生成，但请检查 (warnings: the site is built, but check these)"),
]

INTRO = """\
# 提示信息一览 (Messages)

<!-- 本文件由 `python -m bulletin.messages_doc` 根据 bulletin/errors.py 生成，请勿手工修改。
     Generated from bulletin/errors.py by `python -m bulletin.messages_doc`; do not edit. -->

生成器发现的每个问题都写成一行：

```
{example}
```

- **错误**（E 开头）：站点不会生成（`build` 不改动已有站点，`serve` 在浏览器中显示错误并保留
  上一次的页面），改正后重新生成即可。
- **警告**（W 开头）：站点照常生成，但请检查这一处。
- 代码固定不变，可以据此在本表中查找说明；`check` 和 `build` 在最后给出错误和警告的个数。
- `--lang zh` 只显示中文，`--lang en` 只显示英文，默认 `--lang both` 中英对照。所有信息都能在
  代码页 936（简体中文 Windows 命令提示符）下正常显示。
- `build` 还会在输出文件夹旁边（不是里面）写一份报告，例如输出到 `site` 时为 `site-report.txt`，
  编码为带 BOM 的 UTF-8、Windows 换行，可直接用记事本打开。

表中 `{{…}}` 处在实际信息里换成具体内容（字段名、行号、取值等）。
"""


def render() -> str:
    example = Diagnostic("E108", "issues/2011/003/01-yudong.md", 3, {"line": 3}).format()
    parts = [INTRO.format(example=example)]
    for prefix, heading in SECTIONS:
        messages = [m for code, m in sorted(CATALOG.items()) if code.startswith(prefix)]
        if not messages:
            continue
        parts.append(f"\n## {heading}\n\n")
        parts.append("| 代码 | 说明 | English | 怎样改正 |\n|---|---|---|---|\n")
        parts.extend(_row(m) for m in messages)
    others = [m for code, m in sorted(CATALOG.items()) if not any(code.startswith(p) for p, _ in SECTIONS)]
    if others:
        parts.append("\n## 其他 (other)\n\n| 代码 | 说明 | English | 怎样改正 |\n|---|---|---|---|\n")
        parts.extend(_row(m) for m in others)
    return "".join(parts)


def _row(message: Message) -> str:
    cells = [_cell(message.zh), _cell(message.en), _cell(message.hint) or "—"]
    return f"| `{message.code}` | " + " | ".join(cells) + " |\n"


def _cell(text: str) -> str:
    # ``{{`` in a catalogue text is a literal brace for str.format; Markdown
    # characters are escaped so that the table shows the text as it is printed.
    text = text.replace("{{", "{").replace("}}", "}").replace("\n", " ")
    for special in "\\*_|<>`":
        text = text.replace(special, "\\" + special)
    return text


def main() -> int:
    DOC.write_text(render(), encoding="utf-8")
    print(say("messages_doc.written", "both", path=DOC, count=len(CATALOG)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
